package acm_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/google/go-cmp/cmp"
)

// https://docs.aws.amazon.com/acm/latest/APIReference/API_AddTagsToCertificate.html
// https://docs.aws.amazon.com/acm/latest/APIReference/API_ListTagsForCertificate.html
// https://docs.aws.amazon.com/acm/latest/APIReference/API_RemoveTagsFromCertificate.html
// Tags at request are kept; a removal that names a value removes the tag
// only if the value matches.
func TestCertificateTags(t *testing.T) {
	e := start(t)
	out, err := e.acm.RequestCertificate(t.Context(), &acm.RequestCertificateInput{
		DomainName: aws.String("app.example.com"), ValidationMethod: types.ValidationMethodDns,
		Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}},
	})
	if err != nil {
		t.Fatalf("RequestCertificate: %v", err)
	}
	arn := out.CertificateArn
	if _, err := e.acm.AddTagsToCertificate(t.Context(), &acm.AddTagsToCertificateInput{CertificateArn: arn,
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}, {Key: aws.String("tier"), Value: aws.String("web")}}}); err != nil {
		t.Fatalf("AddTagsToCertificate: %v", err)
	}
	if _, err := e.acm.RemoveTagsFromCertificate(t.Context(), &acm.RemoveTagsFromCertificateInput{CertificateArn: arn,
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("other")}, {Key: aws.String("tier")}}}); err != nil {
		t.Fatalf("RemoveTagsFromCertificate: %v", err)
	}
	tags, err := e.acm.ListTagsForCertificate(t.Context(), &acm.ListTagsForCertificateInput{CertificateArn: arn})
	if err != nil {
		t.Fatalf("ListTagsForCertificate: %v", err)
	}
	got := map[string]string{}
	for _, tg := range tags.Tags {
		got[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if diff := cmp.Diff(map[string]string{"env": "prod", "team": "core"}, got); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	_, err = e.acm.ListTagsForCertificate(t.Context(), &acm.ListTagsForCertificateInput{
		CertificateArn: aws.String("arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000")})
	wantCode(t, err, "ResourceNotFoundException")
}
