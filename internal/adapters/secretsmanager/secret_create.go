package secretsmanager

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// secretSpec is what Create and Update read from the desired fields.
type secretSpec struct {
	name, description, kmsKey, source string
	keys                              []string
	length                            int64
	excludePunctuation                bool
}

func specOf(r desired.Resource) (secretSpec, error) {
	var s secretSpec
	var err error
	read := func(dst *string, key string) {
		if err == nil {
			*dst, err = kit.String(r.Fields, key)
		}
	}
	read(&s.name, names.Secret.Name)
	read(&s.description, names.Secret.Description)
	read(&s.kmsKey, names.Secret.KMSKeyID)
	read(&s.source, names.Secret.Source)
	if err == nil {
		s.keys, err = kit.Strings(r.Fields, names.Secret.Keys)
	}
	if err != nil || s.source != desired.SourceDatabase {
		return s, err
	}
	gp, err := kit.Map(r.Fields, names.Secret.GeneratePassword)
	if err == nil {
		s.length, err = kit.Int(gp, names.GeneratePassword.Length)
	}
	if err == nil {
		s.excludePunctuation, err = kit.Bool(gp, names.GeneratePassword.ExcludePunctuation)
	}
	return s, err
}

// Create stores the secret, tagged. A database secret is stored with a
// generated password and every declared key (host, port and
// connection_string empty until the instance exists: errata 2), so the
// instance can be created with it. An operator secret is created without
// a value, which only a person can give: the create succeeds and says so
// with a terminal "value missing", which blocks what reads the secret.
func (k secretKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	s, err := specOf(r)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	in := &sm.CreateSecretInput{Name: aws.String(s.name), Description: optional(s.description), KmsKeyId: optional(s.kmsKey), Tags: smTags(tags)}
	if s.source == desired.SourceDatabase {
		pw, err := k.password(ctx, s)
		if err != nil {
			return reconcile.Live{}, err
		}
		in.SecretString = aws.String(dbValue{Password: pw}.encode())
	}
	// The SDK fills ClientRequestToken (the first version's ID), so its own
	// retries cannot store two versions; the engine observes before
	// creating again.
	out, err := k.sm.CreateSecret(ctx, in)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create secret: %w", err)
	}
	arn := aws.ToString(out.ARN)
	l := reconcile.Live{ID: arn, Attrs: map[string]string{"arn": arn}, Status: "stored", Fields: maps.Clone(r.Fields)}
	l.Fields[names.Secret.Tags] = kit.ObservedOf(tags)
	if s.source == desired.SourceDatabase {
		l.Ready = true
		return l, nil
	}
	l.Status = "value missing"
	l.Fields[names.Secret.Keys] = desired.Set{}
	note := valueMissing(s.name, s.keys, sorted(s.keys), false)
	l.Notes = []string{note}
	return l, reconcile.Terminal(fmt.Errorf("%s", note))
}

// password asks Secrets Manager for a new password with the file's
// policy: it is generated in AWS and only ever travels to AWS.
func (t *tier) password(ctx context.Context, s secretSpec) (string, error) {
	out, err := t.sm.GetRandomPassword(ctx, &sm.GetRandomPasswordInput{
		PasswordLength:     aws.Int64(s.length),
		ExcludePunctuation: aws.Bool(s.excludePunctuation),
		// RDS refuses '/', '@', '"' and ' ' in a master password.
		ExcludeCharacters: aws.String(`/@"' \`),
	})
	if err != nil {
		return "", fmt.Errorf("generate password: %w", err)
	}
	return aws.ToString(out.RandomPassword), nil
}

func smTags(tags map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }
