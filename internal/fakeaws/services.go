package fakeaws

import (
	"github.com/everruns/reconciler/internal/fakeaws/acm"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/dynamodb"
	"github.com/everruns/reconciler/internal/fakeaws/ec2"
	"github.com/everruns/reconciler/internal/fakeaws/ecs"
	"github.com/everruns/reconciler/internal/fakeaws/elbv2"
	"github.com/everruns/reconciler/internal/fakeaws/iam"
	"github.com/everruns/reconciler/internal/fakeaws/logs"
	"github.com/everruns/reconciler/internal/fakeaws/rds"
	"github.com/everruns/reconciler/internal/fakeaws/secretsmanager"
	sd "github.com/everruns/reconciler/internal/fakeaws/servicediscovery"
	"github.com/everruns/reconciler/internal/fakeaws/sts"
	"github.com/everruns/reconciler/internal/fakeaws/tagging"
)

// Each service registers its constructor and, for JSON services, its
// X-Amz-Target prefix. Keep one line per service.
func init() {
	registry = append(registry,
		func(env *core.Env) (core.Service, string) { return sts.New(env), "" },
		func(env *core.Env) (core.Service, string) { return ec2.New(env), "" },
		func(env *core.Env) (core.Service, string) { return secretsmanager.New(env), "secretsmanager" },
		func(env *core.Env) (core.Service, string) { return rds.New(env), "" },
		func(env *core.Env) (core.Service, string) { return acm.New(env), "CertificateManager" },
		func(env *core.Env) (core.Service, string) { return elbv2.New(env), "" },
		func(env *core.Env) (core.Service, string) { return iam.New(env), "" },
		func(env *core.Env) (core.Service, string) { return ecs.New(env), "AmazonEC2ContainerServiceV20141113" },
		func(env *core.Env) (core.Service, string) { return logs.New(env), "Logs_20140328" },
		func(env *core.Env) (core.Service, string) { return dynamodb.New(env), "DynamoDB_20120810" },
		func(env *core.Env) (core.Service, string) { return sd.New(env), sd.TargetPrefix },
		func(env *core.Env) (core.Service, string) { return tagging.New(env), tagging.TargetPrefix },
	)
}
