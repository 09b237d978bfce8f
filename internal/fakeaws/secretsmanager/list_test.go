package secretsmanager_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/google/go-cmp/cmp"
)

func names(l []types.SecretListEntry) []string {
	var out []string
	for _, e := range l {
		out = append(out, aws.ToString(e.Name))
	}
	slices.Sort(out)
	return out
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html
// Prefix matches; name and tags case-sensitive, description and "all" not;
// values OR, filters AND; "!" negates.
func TestListSecretsFilters(t *testing.T) {
	_, c := start(t)
	for _, s := range []struct{ name, desc, key, val string }{
		{"app/db", "Database password", "team", "core"},
		{"app/api", "API key", "team", "edge"},
		{"App/other", "misc", "owner", "core"},
	} {
		_, err := c.CreateSecret(t.Context(), &sm.CreateSecretInput{
			Name: aws.String(s.name), Description: aws.String(s.desc), SecretString: aws.String("x"),
			Tags: []types.Tag{{Key: aws.String(s.key), Value: aws.String(s.val)}},
		})
		if err != nil {
			t.Fatalf("CreateSecret: %v", err)
		}
	}
	f := func(key types.FilterNameStringType, values ...string) types.Filter {
		return types.Filter{Key: key, Values: values}
	}
	cases := map[string]struct {
		filters []types.Filter
		want    []string
	}{
		"name prefix, case-sensitive":     {[]types.Filter{f(types.FilterNameStringTypeName, "app/")}, []string{"app/api", "app/db"}},
		"description, not case-sensitive": {[]types.Filter{f(types.FilterNameStringTypeDescription, "database")}, []string{"app/db"}},
		"tag-key":                         {[]types.Filter{f(types.FilterNameStringTypeTagKey, "own")}, []string{"App/other"}},
		"tag-value":                       {[]types.Filter{f(types.FilterNameStringTypeTagValue, "core")}, []string{"App/other", "app/db"}},
		"values OR":                       {[]types.Filter{f(types.FilterNameStringTypeName, "app/db", "App/")}, []string{"App/other", "app/db"}},
		"filters AND": {[]types.Filter{f(types.FilterNameStringTypeName, "app/"), f(types.FilterNameStringTypeTagValue, "core")},
			[]string{"app/db"}},
		"negation":                {[]types.Filter{f(types.FilterNameStringTypeName, "!app/")}, []string{"App/other"}},
		"all, not case-sensitive": {[]types.Filter{f(types.FilterNameStringTypeAll, "EDGE")}, []string{"app/api"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := c.ListSecrets(t.Context(), &sm.ListSecretsInput{Filters: tc.filters})
			if err != nil {
				t.Fatalf("ListSecrets: %v", err)
			}
			if diff := cmp.Diff(tc.want, names(out.SecretList)); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
// (MaxResults, NextToken: every secret exactly once across the pages)
func TestListSecretsPaging(t *testing.T) {
	_, c := start(t)
	var want []string
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		create(t, c, n, "x")
		want = append(want, n)
	}
	var got []types.SecretListEntry
	pages := 0
	p := sm.NewListSecretsPaginator(c, &sm.ListSecretsInput{MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("ListSecrets page %d: %v", pages, err)
		}
		if len(out.SecretList) > 2 {
			t.Errorf("page of %d, want at most MaxResults 2", len(out.SecretList))
		}
		got = append(got, out.SecretList...)
		pages++
	}
	if pages != 3 {
		t.Errorf("pages = %d, want 3", pages)
	}
	if diff := cmp.Diff(want, names(got)); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	_, err := c.ListSecrets(t.Context(), &sm.ListSecretsInput{NextToken: aws.String("garbage!")})
	wantCode(t, err, "InvalidNextTokenException")
}

// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html
// (IncludePlannedDeletion: secrets scheduled for deletion are not listed by
// default)
func TestListSecretsHidesPlannedDeletion(t *testing.T) {
	_, c := start(t)
	create(t, c, "kept", "x")
	create(t, c, "gone", "x")
	if _, err := c.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String("gone")}); err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	out, err := c.ListSecrets(t.Context(), &sm.ListSecretsInput{})
	if err != nil {
		t.Fatalf("ListSecrets: %v", err)
	}
	if diff := cmp.Diff([]string{"kept"}, names(out.SecretList)); diff != "" {
		t.Errorf("default listing (-want +got):\n%s", diff)
	}
	out, err = c.ListSecrets(t.Context(), &sm.ListSecretsInput{IncludePlannedDeletion: aws.Bool(true)})
	if err != nil {
		t.Fatalf("ListSecrets: %v", err)
	}
	if diff := cmp.Diff([]string{"gone", "kept"}, names(out.SecretList)); diff != "" {
		t.Errorf("with IncludePlannedDeletion (-want +got):\n%s", diff)
	}
	for _, e := range out.SecretList {
		if (aws.ToString(e.Name) == "gone") != (e.DeletedDate != nil) {
			t.Errorf("%s DeletedDate = %v", aws.ToString(e.Name), e.DeletedDate)
		}
	}
}
