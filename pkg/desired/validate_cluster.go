package desired

import (
	"regexp"
	"slices"
)

var (
	ecsName      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$`)
	logGroupName = regexp.MustCompile(`^[A-Za-z0-9_/.#-]{1,512}$`)
	iamRoleName  = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,64}$`)
)

// logRetentionDays are the values CloudWatch Logs accepts.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func (v *validator) cluster() {
	c := v.env.Cluster
	v.ecsName("cluster.name", c.Name)
	if !logGroupName.MatchString(c.LogGroup.Name) || hasAWSPrefix(c.LogGroup.Name) {
		v.errorf("cluster.log_group.name", "log group name %q: 1–512 of letters, digits and _/.#-, not starting with aws/", c.LogGroup.Name)
	}
	if !slices.Contains(logRetentionDays, c.LogGroup.RetentionDays) {
		v.errorf("cluster.log_group.retention_days", "retention_days %d is not a CloudWatch Logs retention; use one of %v", c.LogGroup.RetentionDays, logRetentionDays)
	}
	if !validDomain(c.Namespace) && !domainLabel.MatchString(c.Namespace) {
		v.errorf("cluster.namespace", "namespace %q is not a valid DNS name", c.Namespace)
	}
	v.role("cluster.execution_role", c.ExecutionRole)
	v.role("cluster.task_role", c.TaskRole)
	if c.ExecutionRole.Name == c.TaskRole.Name {
		v.errorf("cluster.task_role.name", "the task role and the execution role must have different names")
	}
}

func hasAWSPrefix(s string) bool { return len(s) >= 4 && (s[:4] == "aws/" || s[:4] == "/aws") }

func (v *validator) ecsName(path, name string) {
	if !ecsName.MatchString(name) {
		v.errorf(path, "ECS name %q: 1–255 letters, digits, hyphens and underscores", name)
	}
}

func (v *validator) role(path string, r Role) {
	if !iamRoleName.MatchString(r.Name) {
		v.errorf(path+".name", "IAM role name %q: 1–64 of letters, digits and +=,.@_-", r.Name)
	}
	for i, s := range r.Statements {
		p := path + ".statements[" + itoa(i) + "]"
		if s.Effect != "Allow" && s.Effect != "Deny" {
			v.errorf(p+".effect", "effect %q: use Allow or Deny", s.Effect)
		}
		if len(s.Actions) == 0 || len(s.Resources) == 0 {
			v.errorf(p, "a statement needs actions and resources")
		}
	}
}
