package sts_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
func TestGetCallerIdentity(t *testing.T) {
	srv, cfg := fakeawstest.Start(t)
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if got := *out.Account; got != "123456789012" {
		t.Errorf("Account = %q, want 123456789012", got)
	}
	if got := srv.Calls()["sts:GetCallerIdentity"]; got != 1 {
		t.Errorf("calls = %d, want 1", got)
	}
}
