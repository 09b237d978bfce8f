package secretsmanager

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// defaultKey is the AWS managed key, what an empty kms_key_id means.
const defaultKey = "alias/aws/secretsmanager"

// steps are the secret's update, in this order: a secret scheduled for
// deletion accepts no write until restored; then its metadata and tags
// (source and password policy are recorded in tags); the keys check comes
// last, since its refusal ("value missing") must not hold back the
// repairs before it.
func (k secretKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.restore, names.Secret.Keys),
		kit.On(k.describe, names.Secret.Description, names.Secret.KMSKeyID),
		kit.On(k.retag, names.Secret.Tags, names.Secret.Source, names.Secret.GeneratePassword),
		kit.On(k.checkKeys, names.Secret.Keys),
	}
}

func (k secretKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	l, err := k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
	if err != nil {
		return l, err
	}
	l.Ready, l.Status, l.Notes = true, "stored", nil
	if live.Status == statusScheduled {
		name, _ := live.Fields[names.Secret.Name].(string)
		l.Notes = []string{restoredNote(name)}
	}
	return l, nil
}

func (k secretKind) restore(ctx context.Context, c kit.Change) error {
	if c.Live.Status != statusScheduled {
		return nil
	}
	if _, err := k.sm.RestoreSecret(ctx, &sm.RestoreSecretInput{SecretId: aws.String(c.Live.ID)}); err != nil {
		return fmt.Errorf("restore secret: %w", err)
	}
	return nil
}

func (k secretKind) describe(ctx context.Context, c kit.Change) error {
	in := &sm.UpdateSecretInput{SecretId: aws.String(c.Live.ID)}
	if c.Delta.Has(names.Secret.Description) {
		d, err := kit.String(c.Want.Fields, names.Secret.Description)
		if err != nil {
			return err
		}
		in.Description = aws.String(d)
	}
	if c.Delta.Has(names.Secret.KMSKeyID) {
		key, err := kit.String(c.Want.Fields, names.Secret.KMSKeyID)
		if err != nil {
			return err
		}
		if key == "" {
			key = defaultKey
		}
		in.KmsKeyId = aws.String(key)
	}
	if _, err := k.sm.UpdateSecret(ctx, in); err != nil {
		return fmt.Errorf("update secret: %w", err)
	}
	return nil
}

// retag writes the tags the delta names. The source is recorded in a tag;
// a tag lost is written again, but a secret's source cannot change: an
// operator's value is never overwritten by a generated one.
func (k secretKind) retag(ctx context.Context, c kit.Change) error {
	want, _ := c.Want.Fields[names.Secret.Source].(string)
	if was, _ := c.Live.Fields[names.Secret.Source].(string); was != "" && was != want {
		return kit.BadInput("a secret's source cannot change from %s to %s", was, want)
	}
	put, remove := kit.TagChange(c.Delta)
	if len(put) > 0 {
		if _, err := k.sm.TagResource(ctx, &sm.TagResourceInput{SecretId: aws.String(c.Live.ID), Tags: smTags(put)}); err != nil {
			return fmt.Errorf("tag secret: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.sm.UntagResource(ctx, &sm.UntagResourceInput{SecretId: aws.String(c.Live.ID), TagKeys: remove}); err != nil {
			return fmt.Errorf("untag secret: %w", err)
		}
	}
	return nil
}

// checkKeys looks at the current value again (after a restore, the
// listing did not show it). An operator secret that lacks a key is for a
// person: a terminal "value missing" naming the keys, never the values. A
// database secret is this package's own: it is rewritten with every
// declared key, with a new password if it lost its own.
func (k secretKind) checkKeys(ctx context.Context, c kit.Change) error {
	s, err := specOf(c.Want)
	if err != nil {
		return err
	}
	f, err := k.currentFacts(ctx, c.Live.ID)
	if err != nil {
		return err
	}
	lacking, extra := missing(s.keys, f.keys), missing(f.keys, s.keys)
	switch {
	case s.source == desired.SourceDatabase:
		if len(lacking)+len(extra) == 0 && f.db.hasPassword {
			return nil
		}
		return k.rewriteDB(ctx, c.Live.ID, s)
	case len(lacking) > 0:
		return kit.BadInput("%s", valueMissing(s.name, lacking, sorted(s.keys), f.object))
	case len(extra) > 0:
		return kit.BadInput("%s", undeclared(s.name, extra))
	}
	return nil
}

func (t *tier) currentFacts(ctx context.Context, arn string) (facts, error) {
	d, err := t.sm.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String(arn)})
	if err != nil {
		return facts{}, fmt.Errorf("describe secret: %w", err)
	}
	v := current(d.VersionIdsToStages)
	if v == "" {
		return facts{}, nil
	}
	return t.cache.facts(ctx, t.sm, arn, v)
}

// rewriteDB stores the database secret again with exactly the declared
// keys, keeping what it holds; a lost password is generated anew, and the
// credentials then set it on the instance (the value is incomplete again).
func (k secretKind) rewriteDB(ctx context.Context, arn string, s secretSpec) error {
	var v dbValue
	if out, err := k.sm.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(arn)}); err == nil {
		_ = json.Unmarshal([]byte(aws.ToString(out.SecretString)), &v) // what does not parse is rewritten
	} else if !Errors.IsNotFound(err) {
		return fmt.Errorf("read value: %w", err)
	}
	if v.Password == "" {
		pw, err := k.password(ctx, s)
		if err != nil {
			return err
		}
		v = dbValue{Password: pw}
	}
	if _, err := k.sm.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String(arn), SecretString: aws.String(v.encode())}); err != nil {
		return fmt.Errorf("store value: %w", err)
	}
	return nil
}
