package secretsmanager_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

var arnShape = regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-[A-Za-z0-9]{6}$`)

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
// The ARN ends in the name, a dash and six random characters; the value is
// the first version, labelled AWSCURRENT; description and tags are kept.
func TestCreateSecretThenDescribe(t *testing.T) {
	_, c := start(t)
	out, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{
		Name:         aws.String("app/db"),
		Description:  aws.String("database password"),
		SecretString: aws.String("s3cret"),
		Tags:         []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}},
	})
	if err != nil {
		t.Fatalf("CreateSecret: %v", err)
	}
	if !arnShape.MatchString(aws.ToString(out.ARN)) {
		t.Errorf("ARN = %s, want %s", aws.ToString(out.ARN), arnShape)
	}
	if aws.ToString(out.VersionId) == "" {
		t.Error("VersionId is empty, want the first version's ID")
	}
	d, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	if err != nil {
		t.Fatalf("DescribeSecret: %v", err)
	}
	if aws.ToString(d.Description) != "database password" || len(d.Tags) != 1 || aws.ToString(d.Tags[0].Value) != "prod" {
		t.Errorf("Description %q Tags %+v, want the ones given at create", aws.ToString(d.Description), d.Tags)
	}
	if got := d.VersionIdsToStages[aws.ToString(out.VersionId)]; len(got) != 1 || got[0] != "AWSCURRENT" {
		t.Errorf("VersionIdsToStages = %v, want the first version AWSCURRENT", d.VersionIdsToStages)
	}
	if d.CreatedDate == nil || d.DeletedDate != nil {
		t.Errorf("CreatedDate %v DeletedDate %v, want a creation date and no deletion", d.CreatedDate, d.DeletedDate)
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
// (Errors: ResourceExistsException)
func TestCreateSecretTwiceIsResourceExists(t *testing.T) {
	_, c := start(t)
	create(t, c, "app/db", "a")
	_, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{Name: aws.String("app/db"), SecretString: aws.String("b")})
	wantCode(t, err, "ResourceExistsException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
// (Errors: InvalidRequestException, "a secret with this name is already
// scheduled for deletion")
func TestCreateSecretNameScheduledForDeletion(t *testing.T) {
	_, c := start(t)
	create(t, c, "app/db", "a")
	if _, err := c.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String("app/db")}); err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	_, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{Name: aws.String("app/db"), SecretString: aws.String("b")})
	apiErr := wantCode(t, err, "InvalidRequestException")
	if !strings.Contains(apiErr.ErrorMessage(), "already scheduled for deletion") {
		t.Errorf("message = %q, want the scheduled-for-deletion reason", apiErr.ErrorMessage())
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
// (SecretString and SecretBinary: "you must include SecretString or
// SecretBinary, but not both")
func TestCreateSecretStringAndBinaryIsInvalid(t *testing.T) {
	_, c := start(t)
	_, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{
		Name: aws.String("x"), SecretString: aws.String("a"), SecretBinary: []byte("b"),
	})
	wantCode(t, err, "InvalidParameterException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
// (Errors: ResourceNotFoundException)
func TestDescribeUnknownSecretIsNotFound(t *testing.T) {
	_, c := start(t)
	_, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("nope")})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
// (SecretId: "the ARN or name of the secret"; a partial ARN, without the
// random suffix, also finds it)
func TestLookupByNameFullARNAndPartialARN(t *testing.T) {
	_, c := start(t)
	arn := aws.ToString(create(t, c, "app/db", "s3cret").ARN)
	for _, id := range []string{"app/db", arn, arn[:len(arn)-7]} {
		if got := aws.ToString(value(t, c, &sm.GetSecretValueInput{SecretId: aws.String(id)}).SecretString); got != "s3cret" {
			t.Errorf("GetSecretValue(%s) = %q, want s3cret", id, got)
		}
	}
	_, err := c.GetSecretValue(t.Context(), &sm.GetSecretValueInput{SecretId: aws.String(arn[:len(arn)-7] + "-zzzzzz")})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
// (Errors: ResourceNotFoundException)
func TestGetSecretValueUnknownIsNotFound(t *testing.T) {
	_, c := start(t)
	_, err := c.GetSecretValue(t.Context(), &sm.GetSecretValueInput{SecretId: aws.String("nope")})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
// A secret created without a value has no AWSCURRENT version to read.
func TestGetSecretValueWithoutValueIsNotFound(t *testing.T) {
	_, c := start(t)
	if _, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{Name: aws.String("empty")}); err != nil {
		t.Fatalf("CreateSecret: %v", err)
	}
	_, err := c.GetSecretValue(t.Context(), &sm.GetSecretValueInput{SecretId: aws.String("empty")})
	wantCode(t, err, "ResourceNotFoundException")
}
