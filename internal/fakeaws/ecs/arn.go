package ecs

import (
	"strings"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// ARNs use the long format AWS has made the default for every account:
// service/CLUSTER/NAME and task/CLUSTER/ID carry the cluster name.

func clusterARN(region, name string) string { return core.ARN("ecs", region, "cluster/"+name) }

func serviceARN(region, cluster, name string) string {
	return core.ARN("ecs", region, "service/"+cluster+"/"+name)
}

func taskARN(region, cluster, id string) string {
	return core.ARN("ecs", region, "task/"+cluster+"/"+id)
}

func taskDefARN(region, family string, rev int64) string {
	return core.ARN("ecs", region, "task-definition/"+family+":"+itoa(rev))
}

// resource splits an ECS ARN into its resource type and the rest
// ("service", "CLUSTER/NAME"); ok is false for anything else.
func resource(arn string) (kind, rest string, ok bool) {
	if !strings.HasPrefix(arn, "arn:") {
		return "", "", false
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "ecs" {
		return "", "", false
	}
	return strings.Cut(parts[5], "/")
}

// shortName turns a name or ARN into a name: "web" and
// "arn:…:service/prod/web" both give "web".
func shortName(ref string) string {
	if _, rest, ok := resource(ref); ok {
		return rest[strings.LastIndex(rest, "/")+1:]
	}
	return ref
}
