package secretsmanager_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

const day = 24 * time.Hour

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
// DeletionDate is the end of the recovery window; meanwhile the secret is
// described with a DeletedDate, its value cannot be read
// (InvalidRequestException, GetSecretValue's Errors), and once the window
// ends it is gone.
func TestDeleteSecretRecoveryWindow(t *testing.T) {
	srv, c := start(t)
	create(t, c, "app/db", "x")
	now := srv.Clock().Now()
	out, err := c.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String("app/db"), RecoveryWindowInDays: aws.Int64(7)})
	if err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	if got := out.DeletionDate.Sub(now); got != 7*day {
		t.Errorf("DeletionDate is %v after the call, want 7 days", got)
	}
	d, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	if err != nil {
		t.Fatalf("DescribeSecret during the window: %v", err)
	}
	if d.DeletedDate == nil {
		t.Error("DeletedDate is nil, want it set while scheduled for deletion")
	}
	_, err = c.GetSecretValue(t.Context(), &sm.GetSecretValueInput{SecretId: aws.String("app/db")})
	wantCode(t, err, "InvalidRequestException")
	_, err = c.PutSecretValue(t.Context(), &sm.PutSecretValueInput{SecretId: aws.String("app/db"), SecretString: aws.String("y")})
	wantCode(t, err, "InvalidRequestException")

	srv.Clock().Advance(7*day - time.Second)
	if _, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")}); err != nil {
		t.Fatalf("DescribeSecret a second before the window ends: %v", err)
	}
	srv.Clock().Advance(time.Second)
	_, err = c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
// (RecoveryWindowInDays: "If you don't use either, then by default Secrets
// Manager uses a 30 day recovery window.")
func TestDeleteSecretDefaultWindowIs30Days(t *testing.T) {
	srv, c := start(t)
	create(t, c, "app/db", "x")
	out, err := c.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String("app/db")})
	if err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	if got := out.DeletionDate.Sub(srv.Clock().Now()); got != 30*day {
		t.Errorf("DeletionDate is %v away, want 30 days", got)
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
// (RecoveryWindowInDays 7 to 30; not together with ForceDeleteWithoutRecovery)
func TestDeleteSecretInvalidParameters(t *testing.T) {
	_, c := start(t)
	create(t, c, "app/db", "x")
	for name, in := range map[string]*sm.DeleteSecretInput{
		"window 6":       {SecretId: aws.String("app/db"), RecoveryWindowInDays: aws.Int64(6)},
		"window 31":      {SecretId: aws.String("app/db"), RecoveryWindowInDays: aws.Int64(31)},
		"force and days": {SecretId: aws.String("app/db"), RecoveryWindowInDays: aws.Int64(7), ForceDeleteWithoutRecovery: aws.Bool(true)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.DeleteSecret(t.Context(), in)
			wantCode(t, err, "InvalidParameterException")
		})
	}
	if _, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")}); err != nil {
		t.Errorf("secret after refused deletions: %v", err)
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html
// (ForceDeleteWithoutRecovery: gone at once, the name is free again, and a
// nonexistent secret is not a ResourceNotFoundException)
func TestForceDeleteWithoutRecovery(t *testing.T) {
	_, c := start(t)
	create(t, c, "app/db", "x")
	force := func(id string) error {
		_, err := c.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String(id), ForceDeleteWithoutRecovery: aws.Bool(true)})
		return err
	}
	if err := force("app/db"); err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	_, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	wantCode(t, err, "ResourceNotFoundException")
	create(t, c, "app/db", "again")
	if err := force("never-existed"); err != nil {
		t.Errorf("force delete of a nonexistent secret: %v, want success", err)
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RestoreSecret.html
// Restoring cancels the deletion: no DeletedDate, the value readable again,
// and the old deletion date no longer applies.
func TestRestoreSecret(t *testing.T) {
	srv, c := start(t)
	create(t, c, "app/db", "x")
	if _, err := c.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String("app/db"), RecoveryWindowInDays: aws.Int64(7)}); err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	if _, err := c.RestoreSecret(t.Context(), &sm.RestoreSecretInput{SecretId: aws.String("app/db")}); err != nil {
		t.Fatalf("RestoreSecret: %v", err)
	}
	srv.Clock().Advance(8 * day)
	d, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	if err != nil {
		t.Fatalf("DescribeSecret after restore: %v", err)
	}
	if d.DeletedDate != nil {
		t.Errorf("DeletedDate = %v, want none after restore", d.DeletedDate)
	}
	if got := aws.ToString(value(t, c, &sm.GetSecretValueInput{SecretId: aws.String("app/db")}).SecretString); got != "x" {
		t.Errorf("value = %q, want x", got)
	}
	_, err = c.RestoreSecret(t.Context(), &sm.RestoreSecretInput{SecretId: aws.String("nope")})
	wantCode(t, err, "ResourceNotFoundException")
}
