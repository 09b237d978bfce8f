package core

import (
	"net/http"
	"time"
)

// Timing holds how long each asynchronous transition takes. The standalone
// server uses DefaultTiming on the wall clock; tests set their own and
// advance a manual clock.
type Timing struct {
	NATGateway     time.Duration // pending → available, deleting → deleted
	DBInstance     time.Duration // each of creating → backing-up → available, modifying → available
	LoadBalancer   time.Duration // provisioning → active
	CloudMapOp     time.Duration // operation SUBMITTED/PENDING → SUCCESS
	ECSTaskStart   time.Duration // task PROVISIONING … RUNNING
	ECSDeployment  time.Duration // deployment IN_PROGRESS → COMPLETED once tasks run
	CertificateDNS time.Duration // PENDING_VALIDATION → ISSUED after the CNAME exists
}

// DefaultTiming is a few seconds per transition, as the standalone server
// runs it.
func DefaultTiming() Timing {
	return Timing{
		NATGateway:     3 * time.Second,
		DBInstance:     3 * time.Second,
		LoadBalancer:   2 * time.Second,
		CloudMapOp:     1 * time.Second,
		ECSTaskStart:   2 * time.Second,
		ECSDeployment:  3 * time.Second,
		CertificateDNS: 2 * time.Second,
	}
}

// Env is what one fake AWS instance shares among its services.
type Env struct {
	Clock  *Clock
	IDs    *IDs
	Timing Timing
	Dir    *Directory
}

// Directory holds the facts that one service answers for another (an RDS
// subnet group needs the availability zone of an EC2 subnet, an HTTPS
// listener the status of an ACM certificate). The owning service fills its
// functions in when it is built; a nil function means the service is absent
// and the question is answered permissively.
type Directory struct {
	// EC2
	SubnetAZ         func(subnetID string) (az, vpcID string, ok bool)
	SecurityGroupVPC func(groupID string) (vpcID string, ok bool)
	// ACM
	CertificateStatus func(arn string) (status string, ok bool)
	// ELBv2
	TargetGroupExists func(arn string) bool
	// TargetGroupLoadBalancers lists the load balancers with a listener or
	// rule that forwards to the target group (its LoadBalancerArns).
	TargetGroupLoadBalancers func(arn string) []string
	// CertificateUsers lists the load balancers whose listeners use the
	// certificate (ACM's InUseBy; DeleteCertificate refuses while any).
	CertificateUsers func(certARN string) []string
	// Secrets Manager
	SecretExists func(idOrARN string) bool
	// SecretValue reads a secret's string value at a version ID or staging
	// label (AWSCURRENT when both are empty) as GetSecretValue would, or
	// fails with the *Error GetSecretValue would answer.
	SecretValue func(idOrARN, versionID, stage string) (string, error)
	// Cloud Map
	DiscoveryServiceExists func(arn string) bool
	// Tagged lists, per service that answers it, every resource that
	// carries tags (any region: the ARN says which), for the Resource
	// Groups Tagging API. A
	// service adds its function with AddTagged when it is built.
	Tagged []func() []TaggedResource
	// IAM
	// Role describes a role, by ARN.
	Role func(roleARN string) (RoleInfo, bool)
	// STS
	// Session returns the session whose temporary credentials have this
	// access key ID (STS AssumeRole issued them).
	Session func(accessKeyID string) (Session, bool)
}

// RoleInfo is what STS and IAM enforcement need of a role.
type RoleInfo struct {
	ID         string   // the role's unique ID (AROA…)
	MaxSession int64    // MaxSessionDuration, seconds
	Policies   []string // identity policies: inline documents and attached managed ones
}

// Session is a role session: the credentials of one STS AssumeRole.
type Session struct {
	AccessKeyID    string
	RoleARN        string // arn:aws:iam::ACCOUNT:role/PATH/NAME
	AssumedRoleARN string // arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION
	RoleID         string // the role's unique ID (AROA…), for AssumedRoleId
	SessionName    string
}

// TaggedResource is one resource's ARN and tags, as the Resource Groups
// Tagging API reports it.
type TaggedResource struct {
	ARN  string
	Tags map[string]string
}

// TagPairs is a tag list of any service's shape as a map.
func TagPairs[T any](tags []*T, kv func(*T) (key, value *string)) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		if k != nil && v != nil {
			out[*k] = *v
		}
	}
	return out
}

// AddTagged registers a service's list of tagged resources.
func (d *Directory) AddTagged(list func() []TaggedResource) { d.Tagged = append(d.Tagged, list) }

// HookProvider is implemented by a service that offers test hooks over HTTP
// under /_devcloud/<service>/<name>.
type HookProvider interface {
	Hooks() map[string]http.HandlerFunc
}
