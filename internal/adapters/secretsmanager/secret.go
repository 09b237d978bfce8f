package secretsmanager

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// secretKind manages secretsmanager.secret: name*, description,
// kms_key_id, source, keys (as observed: the keys the current value
// holds), generate_password, tags.
type secretKind struct{ *tier }

const statusScheduled = "scheduled for deletion"

func tagMap(tags []types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

func entryTags(e types.SecretListEntry) map[string]string { return tagMap(e.Tags) }

func (k secretKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	return kit.Collect(ctx, id, "secrets", k.list(ctx, id), entryTags, k.live)
}

// live maps one listed secret. The value is read only when its current
// version is one this adapter has not seen (valueCache).
func (k secretKind) live(ctx context.Context, e types.SecretListEntry) (reconcile.Live, bool, error) {
	tags := tagMap(e.Tags)
	name, arn := aws.ToString(e.Name), aws.ToString(e.ARN)
	l := reconcile.Live{ID: arn, Attrs: map[string]string{"arn": arn}, Status: "stored", Fields: map[string]any{
		names.Secret.Name:        name,
		names.Secret.Description: aws.ToString(e.Description),
		names.Secret.KMSKeyID:    kmsKey(e.KmsKeyId),
		names.Secret.Source:      tags[names.TagSecretSource],
		names.Secret.Keys:        desired.Set{},
		names.Secret.Tags:        kit.Observed(withoutChecked(tags)),
	}}
	if p, ok := names.ParsePasswordPolicyTag(tags[names.TagPasswordPolicy]); ok {
		l.Fields[names.Secret.GeneratePassword] = p
	}
	if e.DeletedDate != nil {
		// Its value cannot be read (AWS refuses): no keys until restored.
		l.Status = statusScheduled
		l.Notes = []string{scheduledNote(name, *e.DeletedDate)}
		return l, true, nil
	}
	var f facts
	if v := current(e.SecretVersionsToStages); v != "" {
		var err error
		if f, err = k.cache.observed(ctx, k.sm, arn, v, tags); err != nil {
			return l, false, err
		}
	}
	l.Fields[names.Secret.Keys] = toSet(f.keys)
	declared := strings.Fields(tags[names.TagSecretKeys])
	lacking := missing(declared, f.keys)
	l.Ready = f.object && len(lacking) == 0
	if tags[names.TagSecretSource] == desired.SourceOperator && !l.Ready {
		l.Status = "value missing"
		l.Notes = []string{valueMissing(name, lacking, declared, f.object)}
	}
	return l, true, nil
}

// kmsKey is the key as the file names it: "" for the AWS managed key,
// which UpdateSecret can only name by its alias.
func kmsKey(k *string) string {
	if s := aws.ToString(k); s != defaultKey {
		return s
	}
	return ""
}

func toSet(keys []string) desired.Set {
	out := desired.Set{}
	for _, k := range keys {
		out = append(out, k)
	}
	return out
}

// Delete refuses: secrets are stateful and the engine never deletes them;
// reaching here is a bug upstream.
func (k secretKind) Delete(context.Context, reconcile.Live) error {
	return kit.BadInput("secrets are never deleted by the reconciler")
}
