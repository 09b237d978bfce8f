package authz

import "strings"

// Amazon ECS, from "Actions, resources, and condition keys for Amazon
// Elastic Container Service"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html),
// "Grant permission to tag resources on creation"
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html:
// ecs:TagResource with ecs:CreateAction when a create carries tags) and the
// task role pages (iam:PassRole with iam:PassedToService
// ecs-tasks.amazonaws.com for a task definition's roles, when it is
// registered and when a task of it is run — the reason the managed
// AmazonEC2ContainerServiceEventsRole grants that PassRole beside
// ecs:RunTask). A service's own role (the role parameter) is passed to
// ecs.amazonaws.com.
func init() {
	register("ecs", map[string]rule{
		"CreateCluster":               ecsCreateCluster,
		"DeleteCluster":               ecsOnCluster,
		"UpdateClusterSettings":       ecsOnCluster,
		"PutClusterCapacityProviders": ecsOnCluster,
		"DescribeClusters":            ecsClusters,
		"CreateService":               ecsCreateService,
		"UpdateService":               ecsUpdateService,
		"DeleteService":               ecsOnService,
		"DescribeServices":            ecsServices,
		"RegisterTaskDefinition":      ecsRegister,
		"DeregisterTaskDefinition":    star("ecs"),
		"DescribeTaskDefinition":      star("ecs"),
		"ListTaskDefinitions":         star("ecs"),
		"ListTaskDefinitionFamilies":  star("ecs"),
		"ListClusters":                star("ecs"),
		"ListServices":                ecsStarInCluster,
		"ListTasks":                   ecsStarInCluster,
		"RunTask":                     ecsRunTask,
		"StopTask":                    ecsOnTask,
		"DescribeTasks":               ecsTasks,
		"TagResource":                 ecsTag(true),
		"UntagResource":               ecsTag(false),
		"ListTagsForResource":         func(c *Call) []Check { return []Check{c.on("ecs:ListTagsForResource", c.str("resourceArn"), ctx{})} },
	})
}

func (c *Call) ecsARN(resource string) string { return c.arn("ecs", c.Region, resource) }

// ecsCluster is the ARN of the request's cluster ("default" when none).
func (c *Call) ecsCluster() string {
	v := c.str("cluster")
	if v == "" {
		v = "default"
	}
	if strings.HasPrefix(v, "arn:") {
		return v
	}
	return c.ecsARN("cluster/" + v)
}

func clusterName(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

// ecsService is the ARN of a service of the request's cluster, named by
// name or ARN.
func (c *Call) ecsService(v string) string {
	if strings.HasPrefix(v, "arn:") {
		return v
	}
	return c.ecsARN("service/" + clusterName(c.ecsCluster()) + "/" + v)
}

// ecsTaskDef is the ARN of a task definition named by ARN, family:revision
// or family (its latest ACTIVE revision).
func (c *Call) ecsTaskDef(v string) string {
	if v == "" {
		return ""
	}
	if arn := c.State.Find("ecs:taskdef", v); arn != "" {
		return arn
	}
	if strings.HasPrefix(v, "arn:") {
		return v
	}
	return c.ecsARN("task-definition/" + v)
}

func (c *Call) clusterCtx() ctx { return ctx{}.with("ecs:cluster", c.ecsCluster()) }

func (c *Call) ecsTags() map[string]string { return c.jsonTags("tags", "key", "value") }

// ecsTagOnCreate is ecs:TagResource on a new resource when the create
// carries tags.
func (c *Call) ecsTagOnCreate(arn string, x ctx) []Check {
	if len(c.ecsTags()) == 0 {
		return nil
	}
	return []Check{{Action: "ecs:TagResource", Resource: arn, Context: x.clone().with("ecs:CreateAction", c.Action)}}
}

func ecsCreateCluster(c *Call) []Check {
	arn := c.ecsARN("cluster/" + c.str("clusterName"))
	x := ctx{}.requestTags(c.ecsTags())
	return append([]Check{{Action: "ecs:CreateCluster", Resource: arn, Context: x.clone()}}, c.ecsTagOnCreate(arn, x)...)
}

func ecsOnCluster(c *Call) []Check {
	return []Check{c.on("ecs:"+c.Action, c.ecsCluster(), ctx{})}
}

func ecsClusters(c *Call) []Check {
	var checks []Check
	for _, v := range c.list("clusters") {
		arn := v
		if !strings.HasPrefix(v, "arn:") {
			arn = c.ecsARN("cluster/" + v)
		}
		checks = append(checks, c.on("ecs:DescribeClusters", arn, ctx{}))
	}
	if len(checks) == 0 {
		checks = append(checks, c.on("ecs:DescribeClusters", c.ecsARN("cluster/default"), ctx{}))
	}
	return checks
}

func ecsStarInCluster(c *Call) []Check {
	return []Check{anyResource("ecs:"+c.Action, c.clusterCtx())}
}

func ecsCreateService(c *Call) []Check {
	arn := c.ecsService(c.str("serviceName"))
	x := c.clusterCtx().requestTags(c.ecsTags())
	if td := c.ecsTaskDef(c.str("taskDefinition")); td != "" {
		x.with("ecs:task-definition", td)
	}
	checks := []Check{{Action: "ecs:CreateService", Resource: arn, Context: x.clone()}}
	checks = append(checks, c.ecsTagOnCreate(arn, x)...)
	if role := c.str("role"); role != "" {
		checks = append(checks, c.passRole(c.roleARN(role), "ecs.amazonaws.com"))
	}
	return checks
}

func ecsUpdateService(c *Call) []Check {
	x := c.clusterCtx()
	if td := c.ecsTaskDef(c.str("taskDefinition")); td != "" {
		x.with("ecs:task-definition", td)
	}
	return []Check{c.on("ecs:UpdateService", c.ecsService(c.str("service")), x)}
}

func ecsOnService(c *Call) []Check {
	return []Check{c.on("ecs:"+c.Action, c.ecsService(c.str("service")), c.clusterCtx())}
}

func ecsServices(c *Call) []Check {
	var checks []Check
	for _, s := range c.list("services") {
		checks = append(checks, c.on("ecs:DescribeServices", c.ecsService(s), c.clusterCtx()))
	}
	return checks
}

func ecsRegister(c *Call) []Check {
	arn := c.ecsARN("task-definition/" + c.str("family") + ":*")
	x := ctx{}.requestTags(c.ecsTags())
	checks := []Check{{Action: "ecs:RegisterTaskDefinition", Resource: arn, Context: x.clone()}}
	checks = append(checks, c.ecsTagOnCreate(arn, x)...)
	for _, p := range []string{"taskRoleArn", "executionRoleArn"} {
		if role := c.str(p); role != "" {
			checks = append(checks, c.passRole(c.roleARN(role), "ecs-tasks.amazonaws.com"))
		}
	}
	return checks
}

func ecsRunTask(c *Call) []Check {
	td := c.ecsTaskDef(c.str("taskDefinition"))
	x := c.clusterCtx().requestTags(c.ecsTags())
	checks := []Check{c.on("ecs:RunTask", td, x)}
	checks = append(checks, c.ecsTagOnCreate(c.ecsARN("task/"+clusterName(c.ecsCluster())+"/*"), x)...)
	roles := strings.Fields(c.State.Find("ecs:taskdef-roles", td))
	if o, ok := c.JSON["overrides"].(map[string]any); ok {
		for _, p := range []string{"taskRoleArn", "executionRoleArn"} {
			if r, _ := o[p].(string); r != "" {
				roles = append(roles, r)
			}
		}
	}
	for _, r := range roles {
		checks = append(checks, c.passRole(c.roleARN(r), "ecs-tasks.amazonaws.com"))
	}
	return checks
}

func (c *Call) ecsTask(v string) string {
	if strings.HasPrefix(v, "arn:") {
		return v
	}
	return c.ecsARN("task/" + clusterName(c.ecsCluster()) + "/" + v)
}

func ecsOnTask(c *Call) []Check {
	return []Check{c.on("ecs:"+c.Action, c.ecsTask(c.str("task")), c.clusterCtx())}
}

func ecsTasks(c *Call) []Check {
	var checks []Check
	for _, t := range c.list("tasks") {
		checks = append(checks, c.on("ecs:DescribeTasks", c.ecsTask(t), c.clusterCtx()))
	}
	return checks
}

func ecsTag(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if add {
			x.requestTags(c.ecsTags())
		} else {
			x.tagKeys(sortedStrings(c.list("tagKeys")))
		}
		return []Check{c.on("ecs:"+c.Action, c.str("resourceArn"), x)}
	}
}
