package secretsmanager_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func put(t *testing.T, c *sm.Client, id, token, v string) *sm.PutSecretValueOutput {
	t.Helper()
	out, err := c.PutSecretValue(t.Context(), &sm.PutSecretValueInput{
		SecretId: aws.String(id), ClientRequestToken: aws.String(token), SecretString: aws.String(v),
	})
	if err != nil {
		t.Fatalf("PutSecretValue %s: %v", v, err)
	}
	return out
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
// A new value becomes AWSCURRENT, the former current one AWSPREVIOUS, and
// the one before loses its labels (it is deprecated and not listed).
func TestPutSecretValueMovesStagingLabels(t *testing.T) {
	_, c := start(t)
	first := aws.ToString(create(t, c, "app/db", "v1").VersionId)
	second := put(t, c, "app/db", "00000000-0000-4000-8000-000000000002", "v2")
	if !slices.Equal(second.VersionStages, []string{"AWSCURRENT"}) {
		t.Errorf("VersionStages = %v, want [AWSCURRENT]", second.VersionStages)
	}
	put(t, c, "app/db", "00000000-0000-4000-8000-000000000003", "v3")

	if got := aws.ToString(value(t, c, &sm.GetSecretValueInput{SecretId: aws.String("app/db")}).SecretString); got != "v3" {
		t.Errorf("AWSCURRENT = %q, want v3", got)
	}
	prev := value(t, c, &sm.GetSecretValueInput{SecretId: aws.String("app/db"), VersionStage: aws.String("AWSPREVIOUS")})
	if aws.ToString(prev.SecretString) != "v2" || aws.ToString(prev.VersionId) != aws.ToString(second.VersionId) {
		t.Errorf("AWSPREVIOUS = %q (%s), want v2", aws.ToString(prev.SecretString), aws.ToString(prev.VersionId))
	}
	d, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	if err != nil {
		t.Fatalf("DescribeSecret: %v", err)
	}
	if _, ok := d.VersionIdsToStages[first]; ok || len(d.VersionIdsToStages) != 2 {
		t.Errorf("VersionIdsToStages = %v, want only the current and previous versions", d.VersionIdsToStages)
	}
	old := value(t, c, &sm.GetSecretValueInput{SecretId: aws.String("app/db"), VersionId: aws.String(first)})
	if aws.ToString(old.SecretString) != "v1" || len(old.VersionStages) != 0 {
		t.Errorf("first version = %q %v, want v1 without labels", aws.ToString(old.SecretString), old.VersionStages)
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
// (ClientRequestToken: the same token and value is ignored; the same token
// with another value fails, a version cannot change)
func TestPutSecretValueClientRequestTokenIdempotency(t *testing.T) {
	_, c := start(t)
	create(t, c, "app/db", "v1")
	const token = "00000000-0000-4000-8000-00000000000a"
	a := put(t, c, "app/db", token, "v2")
	b := put(t, c, "app/db", token, "v2")
	if aws.ToString(a.VersionId) != aws.ToString(b.VersionId) {
		t.Errorf("retry made version %s, want %s", aws.ToString(b.VersionId), aws.ToString(a.VersionId))
	}
	prev := value(t, c, &sm.GetSecretValueInput{SecretId: aws.String("app/db"), VersionStage: aws.String("AWSPREVIOUS")})
	if aws.ToString(prev.SecretString) != "v1" {
		t.Errorf("AWSPREVIOUS = %q after a retried put, want v1 (the retry must not rotate labels)", aws.ToString(prev.SecretString))
	}
	_, err := c.PutSecretValue(t.Context(), &sm.PutSecretValueInput{
		SecretId: aws.String("app/db"), ClientRequestToken: aws.String(token), SecretString: aws.String("other"),
	})
	wantCode(t, err, "ResourceExistsException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecret.html
// The description changes in place; a new value is a new AWSCURRENT version.
func TestUpdateSecretDescriptionAndValue(t *testing.T) {
	_, c := start(t)
	create(t, c, "app/db", "v1")
	out, err := c.UpdateSecret(t.Context(), &sm.UpdateSecretInput{
		SecretId: aws.String("app/db"), Description: aws.String("new"), SecretString: aws.String("v2"),
	})
	if err != nil {
		t.Fatalf("UpdateSecret: %v", err)
	}
	got := value(t, c, &sm.GetSecretValueInput{SecretId: aws.String("app/db")})
	if aws.ToString(got.SecretString) != "v2" || aws.ToString(got.VersionId) != aws.ToString(out.VersionId) {
		t.Errorf("AWSCURRENT = %q %s, want v2 %s", aws.ToString(got.SecretString), aws.ToString(got.VersionId), aws.ToString(out.VersionId))
	}
	d, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	if err != nil {
		t.Fatalf("DescribeSecret: %v", err)
	}
	if aws.ToString(d.Description) != "new" {
		t.Errorf("Description = %q, want new", aws.ToString(d.Description))
	}
	_, err = c.UpdateSecret(t.Context(), &sm.UpdateSecretInput{SecretId: aws.String("nope"), Description: aws.String("x")})
	wantCode(t, err, "ResourceNotFoundException")
}
