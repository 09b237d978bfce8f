package secretsmanager_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

func start(t *testing.T) (*fakeaws.Server, *sm.Client) {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	return srv, sm.NewFromConfig(cfg)
}

// wantCode fails the test unless err is an AWS API error with this code.
func wantCode(t *testing.T, err error, code string) smithy.APIError {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Fatalf("error code = %s (%v), want %s", apiErr.ErrorCode(), err, code)
	}
	return apiErr
}

func create(t *testing.T, c *sm.Client, name, value string) *sm.CreateSecretOutput {
	t.Helper()
	out, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)})
	if err != nil {
		t.Fatalf("CreateSecret %s: %v", name, err)
	}
	return out
}

func value(t *testing.T, c *sm.Client, in *sm.GetSecretValueInput) *sm.GetSecretValueOutput {
	t.Helper()
	out, err := c.GetSecretValue(t.Context(), in)
	if err != nil {
		t.Fatalf("GetSecretValue %s: %v", aws.ToString(in.SecretId), err)
	}
	return out
}
