package secretsmanager

import (
	"context"
	"iter"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// listInput is the one tag-filtered listing, scheduled deletions included
// (ListSecrets leaves them out by default) so that one can be restored
// rather than mistaken for absent. The filters narrow the listing to the
// environment; kit.Claim checks project and environment exactly.
func listInput(id desired.Identity) *sm.ListSecretsInput {
	return &sm.ListSecretsInput{
		IncludePlannedDeletion: aws.Bool(true),
		Filters: []types.Filter{
			{Key: types.FilterNameStringTypeTagKey, Values: []string{names.TagEnvironment}},
			{Key: types.FilterNameStringTypeTagValue, Values: []string{id.Environment}},
		},
	}
}

// listKey is what changes listInput's answer: its tag filter.
func listKey(in *sm.ListSecretsInput) string {
	var b strings.Builder
	for _, f := range in.Filters {
		b.WriteString(string(f.Key) + "=" + strings.Join(f.Values, ",") + "\x00")
	}
	return b.String()
}

// list is the listing as kit.Collect reads it. Both kinds begin with it,
// so it is read once for those that ask at the same time (concur.Flight):
// a pass lists the secrets once, not once per kind. Nothing is kept after
// the read, and its error goes only to the kinds that shared it.
func (t *tier) list(ctx context.Context, id desired.Identity) iter.Seq2[types.SecretListEntry, error] {
	in := listInput(id)
	all, err := reconcile.Shared(ctx, "secretsmanager:ListSecrets/"+listKey(in), func(ctx context.Context) ([]types.SecretListEntry, error) {
		return t.lists.Do(ctx, listKey(in), func(ctx context.Context) ([]types.SecretListEntry, error) { return readAll(ctx, t.sm, in) })
	})
	if err != nil {
		return func(yield func(types.SecretListEntry, error) bool) { yield(types.SecretListEntry{}, err) }
	}
	return kit.Items(all)
}

func readAll(ctx context.Context, api SecretsAPI, in *sm.ListSecretsInput) ([]types.SecretListEntry, error) {
	var all []types.SecretListEntry
	p := sm.NewListSecretsPaginator(api, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		all = append(all, page.SecretList...)
	}
	return all, nil
}
