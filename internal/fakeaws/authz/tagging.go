package authz

// The Resource Groups Tagging API, from "Actions, resources, and condition
// keys for Amazon Resource Group Tagging API"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonresourcegrouptaggingapi.html):
// its actions are prefixed tag:, not the endpoint's name, and GetResources
// has no resource type and no condition key. It lists only what the
// caller may see of the tagged resources, which devcloud does not model.
func init() {
	register("tagging", map[string]rule{
		"GetResources": star("tag"),
	})
}
