package verify

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/pkg/desired"
)

// secretKeys is every JSON key the file reads from each secret (by key
// under secrets:): the keys it declares, the containers' references, and
// a registry credentials secret's username and password.
func secretKeys(env *desired.Environment) map[string][]string {
	out := map[string][]string{}
	add := func(secret string, keys ...string) {
		for _, k := range keys {
			if !slices.Contains(out[secret], k) {
				out[secret] = append(out[secret], k)
			}
		}
	}
	for k, s := range env.Secrets {
		add(k, s.Keys...)
	}
	each := func(c desired.Container) {
		for _, ref := range c.Secrets {
			add(ref.Secret, ref.Key)
		}
		if c.RegistryCredentials != "" {
			add(c.RegistryCredentials, "username", "password")
		}
	}
	for _, s := range env.Services {
		each(s.Container)
	}
	for _, t := range env.Tasks {
		each(t.Container)
	}
	if r := env.Reconciler; r != nil && r.RegistryCredentials != "" {
		add(r.RegistryCredentials, "username", "password")
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}

// checkSecrets reads each operator secret's value: it must exist, be a
// JSON object, and hold every key the file reads. Database secrets are
// the reconciler's to write. Values are parsed and dropped, never shown.
func checkSecrets(ctx context.Context, c *checker) []Finding {
	api := secretsmanager.NewFromConfig(c.cfg)
	keys := secretKeys(c.env)
	var out []Finding
	for _, k := range sortedKeys(c.env.Secrets) {
		s := c.env.Secrets[k]
		if s.Source != desired.SourceOperator {
			continue
		}
		out = append(out, operatorSecret(ctx, api, s.Name, keys[k]))
	}
	return out
}

func operatorSecret(ctx context.Context, api *secretsmanager.Client, name string, keys []string) Finding {
	put := "aws secretsmanager put-secret-value --secret-id " + name + " --secret-string '{" + keyTemplate(keys) + "}'"
	v, err := api.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
	var nf *smtypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		if _, derr := api.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)}); errors.As(derr, &nf) {
			return problem(name, "operator secret does not exist: apply creates it, then a person runs %s", put)
		}
		return problem(name, "operator secret has no value yet: %s", put)
	}
	if err != nil {
		return warning(name, "operator secret could not be read: %v", err)
	}
	var obj map[string]any
	if v.SecretString == nil || json.Unmarshal([]byte(*v.SecretString), &obj) != nil {
		return problem(name, "operator secret's value is not a JSON object; it must hold the keys %s", strings.Join(keys, ", "))
	}
	var missing []string
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return problem(name, "operator secret lacks the key(s) %s that the file reads (a task would fail to start)", strings.Join(missing, ", "))
	}
	return ok(name, "operator secret holds %s", strings.Join(keys, ", "))
}

// keyTemplate is "\"k\":\"…\"" for each key: what the person fills in.
func keyTemplate(keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = `"` + k + `":"…"`
	}
	return strings.Join(parts, ",")
}
