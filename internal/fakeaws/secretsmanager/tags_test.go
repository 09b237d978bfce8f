package secretsmanager_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/google/go-cmp/cmp"
)

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_TagResource.html
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UntagResource.html
// Tagging an existing key replaces its value; untagging removes only the
// keys named.
func TestTagAndUntagResource(t *testing.T) {
	_, c := start(t)
	_, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{
		Name: aws.String("app/db"), SecretString: aws.String("x"),
		Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}},
	})
	if err != nil {
		t.Fatalf("CreateSecret: %v", err)
	}
	if _, err := c.TagResource(t.Context(), &sm.TagResourceInput{SecretId: aws.String("app/db"),
		Tags: []types.Tag{{Key: aws.String("b"), Value: aws.String("20")}, {Key: aws.String("c"), Value: aws.String("3")}}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	if _, err := c.UntagResource(t.Context(), &sm.UntagResourceInput{SecretId: aws.String("app/db"), TagKeys: []string{"a", "zz"}}); err != nil {
		t.Fatalf("UntagResource: %v", err)
	}
	d, err := c.DescribeSecret(t.Context(), &sm.DescribeSecretInput{SecretId: aws.String("app/db")})
	if err != nil {
		t.Fatalf("DescribeSecret: %v", err)
	}
	got := map[string]string{}
	for _, tg := range d.Tags {
		got[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if diff := cmp.Diff(map[string]string{"b": "20", "c": "3"}, got); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	_, err = c.TagResource(t.Context(), &sm.TagResourceInput{SecretId: aws.String("nope"), Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}}})
	wantCode(t, err, "ResourceNotFoundException")
}
