package acm_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/google/go-cmp/cmp"
)

// https://docs.aws.amazon.com/acm/latest/APIReference/API_ListCertificates.html
// (CertificateStatuses filters; MaxItems and NextToken page)
func TestListCertificatesStatusesAndPaging(t *testing.T) {
	e := start(t)
	issued := e.request(t, "a.example.com")
	for _, d := range []string{"b.example.com", "c.example.com"} {
		e.request(t, d)
	}
	e.fake().MarkValidated(issued)
	e.srv.Clock().Advance(dns)
	list := func(in *acm.ListCertificatesInput) []string {
		t.Helper()
		var arns []string
		p := acm.NewListCertificatesPaginator(e.acm, in)
		for p.HasMorePages() {
			out, err := p.NextPage(t.Context())
			if err != nil {
				t.Fatalf("ListCertificates: %v", err)
			}
			if in.MaxItems != nil && len(out.CertificateSummaryList) > int(*in.MaxItems) {
				t.Errorf("page of %d, want at most %d", len(out.CertificateSummaryList), *in.MaxItems)
			}
			for _, s := range out.CertificateSummaryList {
				arns = append(arns, aws.ToString(s.CertificateArn))
			}
		}
		return arns
	}
	if diff := cmp.Diff([]string{issued}, list(&acm.ListCertificatesInput{CertificateStatuses: []types.CertificateStatus{types.CertificateStatusIssued}})); diff != "" {
		t.Errorf("ISSUED (-want +got):\n%s", diff)
	}
	if got := list(&acm.ListCertificatesInput{CertificateStatuses: []types.CertificateStatus{types.CertificateStatusPendingValidation}}); len(got) != 2 {
		t.Errorf("PENDING_VALIDATION: %d, want 2", len(got))
	}
	all := list(&acm.ListCertificatesInput{MaxItems: aws.Int32(1)})
	if len(all) != 3 || all[0] == all[1] || all[1] == all[2] {
		t.Errorf("paged by one: %v, want 3 distinct", all)
	}
}
