package tagging_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// seed makes, through each service's own API: a task definition revision
// and a log group of project p (environment prod), a log group of project
// q, an untagged log group and a target group of project p.
func seed(t *testing.T, cfg aws.Config) (taskDef, logGroup, targetGroup string) {
	t.Helper()
	ctx := t.Context()
	td, err := ecs.NewFromConfig(cfg).RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{
		Family: aws.String("api-prod"), ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("api"), Image: aws.String("busybox"), Memory: aws.Int32(128)}},
		Tags: []ecstypes.Tag{{Key: aws.String("project"), Value: aws.String("p")}, {Key: aws.String("environment"), Value: aws.String("prod")}}})
	if err != nil {
		t.Fatal(err)
	}
	logs := cloudwatchlogs.NewFromConfig(cfg)
	for name, tags := range map[string]map[string]string{
		"/ecs/p": {"project": "p", "environment": "prod"}, "/ecs/q": {"project": "q"}, "/ecs/none": nil} {
		if _, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name), Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	tg, err := elbv2.NewFromConfig(cfg).CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("api"),
		Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80), VpcId: aws.String("vpc-1"), TargetType: elbtypes.TargetTypeEnumIp,
		Tags: []elbtypes.Tag{{Key: aws.String("project"), Value: aws.String("p")}}})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(td.TaskDefinition.TaskDefinitionArn), "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/p",
		aws.ToString(tg.TargetGroups[0].TargetGroupArn)
}

func arns(page []types.ResourceTagMapping) []string {
	var out []string
	for _, m := range page {
		out = append(out, aws.ToString(m.ResourceARN))
	}
	slices.Sort(out)
	return out
}

// https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
func TestGetResourcesFiltersByTagsAndType(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	td, lg, tg := seed(t, cfg)
	c := tagging.NewFromConfig(cfg)
	for name, tc := range map[string]struct {
		in   tagging.GetResourcesInput
		want []string
	}{
		"TagValue": {tagging.GetResourcesInput{TagFilters: []types.TagFilter{{Key: aws.String("project"), Values: []string{"p"}}}},
			[]string{td, tg, lg}},
		"TagKeysAreANDed": {tagging.GetResourcesInput{TagFilters: []types.TagFilter{{Key: aws.String("project"), Values: []string{"p"}},
			{Key: aws.String("environment")}}}, []string{td, lg}},
		"ValuesAreORed": {tagging.GetResourcesInput{TagFilters: []types.TagFilter{{Key: aws.String("project"), Values: []string{"p", "q"}}},
			ResourceTypeFilters: []string{"logs"}}, []string{lg, "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/q"}},
		"ServiceAndType": {tagging.GetResourcesInput{ResourceTypeFilters: []string{"ecs:task-definition", "elasticloadbalancing:targetgroup"}},
			[]string{td, tg}},
		"OtherType": {tagging.GetResourcesInput{ResourceTypeFilters: []string{"elasticloadbalancing:loadbalancer"}}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := c.GetResources(t.Context(), &tc.in)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(tc.want))
			if got := arns(out.ResourceTagMappingList); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
	out, err := c.GetResources(t.Context(), &tagging.GetResourcesInput{ResourceTypeFilters: []string{"ecs"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tag := range out.ResourceTagMappingList[0].Tags {
		got[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	if len(got) != 2 || got["project"] != "p" || got["environment"] != "prod" {
		t.Errorf("task definition tags %v, want project=p environment=prod", got)
	}
}

func TestGetResourcesPages(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	td, lg, tg := seed(t, cfg)
	p := tagging.NewGetResourcesPaginator(tagging.NewFromConfig(cfg), &tagging.GetResourcesInput{
		ResourcesPerPage: aws.Int32(1), TagFilters: []types.TagFilter{{Key: aws.String("project"), Values: []string{"p"}}}})
	var all []types.ResourceTagMapping
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(page.ResourceTagMappingList) > 1 {
			t.Fatalf("page of %d, want at most 1", len(page.ResourceTagMappingList))
		}
		all = append(all, page.ResourceTagMappingList...)
	}
	if want := slices.Sorted(slices.Values([]string{td, lg, tg})); pages != 3 || !slices.Equal(arns(all), want) {
		t.Errorf("%d pages of %v, want 3 of %v", pages, arns(all), want)
	}
}

func TestGetResourcesRefusesBadInput(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	c := tagging.NewFromConfig(cfg)
	for name, in := range map[string]*tagging.GetResourcesInput{
		"PageTooBig":    {ResourcesPerPage: aws.Int32(101)},
		"ARNsAndFilter": {ResourceARNList: []string{"arn:aws:logs:us-east-1:123456789012:log-group:x"}, ResourceTypeFilters: []string{"logs"}},
	} {
		_, err := c.GetResources(t.Context(), in)
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidParameterException" {
			t.Errorf("%s: %v, want InvalidParameterException", name, err)
		}
	}
}
