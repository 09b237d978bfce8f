package elbv2

// StubCertificates answers the Directory's certificate question for tests,
// standing in for ACM (which may not be registered).
func StubCertificates(s *Service, status func(arn string) (string, bool)) {
	s.env.Dir.CertificateStatus = status
}

// StubSubnets answers the Directory's subnet question for tests, standing
// in for EC2.
func StubSubnets(s *Service, az func(id string) (string, string, bool)) {
	s.env.Dir.SubnetAZ = az
}

// StubSecurityGroups answers the Directory's security group question for
// tests, standing in for EC2.
func StubSecurityGroups(s *Service, vpc func(id string) (string, bool)) {
	s.env.Dir.SecurityGroupVPC = vpc
}
