package registry

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// TestSecretsManagerCredentials reads {username, password} through the
// real SDK; a value of another shape is refused without being quoted.
func TestSecretsManagerCredentials(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	sm := secretsmanager.NewFromConfig(cfg)
	for name, value := range map[string]string{
		"everruns/production/ghcr": `{"username":"bot","password":"ghp_not-a-real-token"}`,
		"everruns/production/bad":  `ghp_plain-text-token`,
	} {
		if _, err := sm.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)}); err != nil {
			t.Fatal(err)
		}
	}
	r := NewSecretsManager(cfg)
	got, err := r.Credentials(t.Context(), "everruns/production/ghcr")
	if err != nil || got != (Basic{Username: "bot", Password: "ghp_not-a-real-token"}) {
		t.Fatalf("Credentials = %v, %v", got.Username, err)
	}
	_, err = r.Credentials(t.Context(), "everruns/production/bad")
	if err == nil || strings.Contains(err.Error(), "ghp_") {
		t.Errorf("a plain-text value: err = %v", err)
	}
	if _, err := r.Credentials(t.Context(), "everruns/production/none"); err == nil {
		t.Error("a missing secret read without error")
	}
}

// TestPrivateRegistryThroughSecretsManager: the resolver reads the
// container's registry_credentials secret from Secrets Manager (through
// the real SDK) and answers the registry's basic challenge with it.
func TestPrivateRegistryThroughSecretsManager(t *testing.T) {
	reg := newTestRegistry(t)
	reg.requireAuth("everruns-bot", "ghp_not-a-real-token")
	digest := reg.push(t, "everruns/api", "v1")
	env := loadEnv(t, reg.host, "v1", "digest", true)
	_, cfg := fakeawstest.Start(t)
	value := `{"username":"everruns-bot","password":"ghp_not-a-real-token"}`
	if _, err := secretsmanager.NewFromConfig(cfg).CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{
		Name: aws.String(env.Secrets["regcreds"].Name), SecretString: aws.String(value)}); err != nil {
		t.Fatal(err)
	}
	r := &Resolver{Credentials: NewSecretsManager(cfg), Current: running(reg.host)}
	res, _, err := r.Resolve(t.Context(), env, env.Resources())
	if err != nil {
		t.Fatal(err)
	}
	if got := imageAt(t, res, apiTD); got != reg.host+"/everruns/api@"+digest {
		t.Errorf("api image = %q, want its digest", got)
	}
}
