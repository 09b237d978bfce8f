package names

// Kinds of ACM.
const (
	KindCertificate = "acm.certificate"
)

// Attributes (reconcile.Live.Attrs) of a certificate that the daemon's
// metrics read: its expiry, RFC 3339 in UTC, and, while it waits for DNS
// validation, the names of the validation CNAMEs still to create,
// comma-separated.
const (
	AttrCertificateNotAfter          = "not_after"
	AttrCertificateValidationRecords = "validation_record_names"
)

// Field names of ACM's kinds (docs/resources.md).
var (
	Certificate = kind[struct {
		DomainName              string `field:"domain_name"`
		SubjectAlternativeNames string `field:"subject_alternative_names"`
		ValidationMethod        string `field:"validation_method"`
		Tags                    string `field:"tags"`
	}](KindCertificate)
)
