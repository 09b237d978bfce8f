package acm

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Operations are the ACM operations the certificate adapter calls
// (kit.Operations).
var Operations = map[string]kit.Operations{
	names.KindCertificate: {
		Observe: []string{"acm:ListCertificates", "acm:ListTagsForCertificate", "acm:DescribeCertificate", tagging.Operation},
		Change:  []string{"acm:RequestCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"},
		Delete:  []string{"acm:DeleteCertificate"},
	},
}
