package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"slices"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// defaultSslPolicy is what an HTTPS listener created through the API gets
// when it names none: "ELBSecurityPolicy-2016-08 is the default policy for
// HTTPS listeners created using the AWS CLI" (Application Load Balancers
// guide, "Security policies").
const defaultSslPolicy = "ELBSecurityPolicy-2016-08"

// sslPolicies are the predefined policies of
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
var sslPolicies = []string{
	"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
	"ELBSecurityPolicy-TLS13-1-1-2021-06", "ELBSecurityPolicy-TLS13-1-0-2021-06",
	"ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
	"ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
	"ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05",
	"ELBSecurityPolicy-TLS-1-0-2015-04", "ELBSecurityPolicy-FS-2018-06",
	"ELBSecurityPolicy-FS-1-2-2019-08", "ELBSecurityPolicy-FS-1-1-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2019-08", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
}

// tlsSettings validates a listener's protocol, certificates and policy
// together and returns what AWS keeps: for HTTPS exactly one certificate
// and a policy (the default when none is named); for HTTP neither.
func (s *Service) tlsSettings(protocol string, certs []*v1.Certificate, policy *string) ([]*v1.Certificate, *string, error) {
	switch protocol {
	case v1.ProtocolEnumHttp:
		if len(certs) > 0 {
			return nil, nil, validation("A certificate cannot be specified for HTTP listeners")
		}
		if aws.StringValue(policy) != "" {
			return nil, nil, validation("An SSL policy cannot be specified for HTTP listeners")
		}
		return nil, nil, nil
	case v1.ProtocolEnumHttps:
	default:
		return nil, nil, core.BadRequest("UnsupportedProtocol", "Listener protocol '%s' must be one of 'HTTPS, HTTP'", protocol)
	}
	if len(certs) != 1 {
		return nil, nil, validation("A certificate must be specified for HTTPS listeners")
	}
	arn := aws.StringValue(certs[0].CertificateArn)
	if err := s.checkCertificate(arn); err != nil {
		return nil, nil, err
	}
	p := orDefault(policy, defaultSslPolicy)
	if !slices.Contains(sslPolicies, p) {
		return nil, nil, core.BadRequest("SSLPolicyNotFound", "SSL policy '%s' not found", p)
	}
	return []*v1.Certificate{{CertificateArn: aws.String(arn)}}, aws.String(p), nil
}

// checkCertificate asks ACM (when present) for the certificate's status.
// AWS refuses a certificate that is not ISSUED with UnsupportedCertificate
// (observed; the message speaks of FQDN, signature and key size) and an
// unknown one with CertificateNotFound (documented).
func (s *Service) checkCertificate(arn string) error {
	if arn == "" {
		return validation("A certificate ARN must be specified")
	}
	if s.env.Dir.CertificateStatus == nil {
		return nil
	}
	status, ok := s.env.Dir.CertificateStatus(arn)
	if !ok {
		return core.BadRequest("CertificateNotFound", "Certificate '%s' not found", arn)
	}
	if status != "ISSUED" {
		return core.BadRequest("UnsupportedCertificate", "The certificate '%s' must have a fully-qualified domain name, a supported signature, and a supported key size.", arn)
	}
	return nil
}

// certificateUsers answers ACM's InUseBy: the ARNs of the load balancers
// with a listener that serves the certificate, sorted.
func (s *Service) certificateUsers(certARN string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, l := range s.listeners {
		for _, c := range l.shape.Certificates {
			if aws.StringValue(c.CertificateArn) == certARN && !slices.Contains(out, l.lbARN) {
				out = append(out, l.lbARN)
			}
		}
	}
	slices.Sort(out)
	return out
}
