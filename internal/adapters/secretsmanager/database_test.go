package secretsmanager

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

const dbSecretName = "everruns/production/database"

type stored struct {
	Username, Password, Host, Database string
	Port                               int64
	ConnectionString                   string `json:"connection_string"`
}

func (e *env) stored() stored {
	e.t.Helper()
	var v stored
	if err := json.Unmarshal([]byte(e.value(dbSecretName)), &v); err != nil {
		e.t.Fatalf("the database secret is not JSON: %v", err)
	}
	return v
}

func TestDatabaseSecretIsStoredWithAGeneratedPassword(t *testing.T) {
	e := start(t)
	l := e.mustConverge(dbSecret)
	if !l.Ready || l.Attrs["arn"] == "" {
		t.Fatalf("created: ready %v, attrs %v", l.Ready, l.Attrs)
	}
	v := e.stored()
	if len(v.Password) != 32 || strings.ContainsAny(v.Password, `/@"' `) {
		t.Errorf("generated password: %d characters, or a character RDS refuses", len(v.Password))
	}
	var keys map[string]any
	_ = json.Unmarshal([]byte(e.value(dbSecretName)), &keys)
	if got := slices.Sorted(mapKeys(keys)); !slices.Equal(got, []string{"connection_string", "database", "host", "password", "port", "username"}) {
		t.Errorf("stored keys %v", got)
	}
	if l := e.wantInSync(dbSecret); !l.Ready {
		t.Error("the stored database secret is not ready")
	}
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestCredentialsAreCompletedKeepingThePassword(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	password := e.stored().Password
	e.createInstance(password)
	if l := e.observe(dbValueAddr); l.Ready {
		t.Fatal("credentials ready before completion")
	}
	e.srv.ResetCalls()
	l := e.mustConverge(dbValueAddr)
	if !l.Ready {
		t.Fatal("completed credentials not ready")
	}
	v := e.stored()
	if v.Password != password || v.Host == "" || v.Port != 5432 || v.Username != "everruns_admin" || v.Database != "everruns" {
		t.Fatalf("completed value: host %q port %d user %q db %q, password kept %v", v.Host, v.Port, v.Username, v.Database, v.Password == password)
	}
	u, err := url.Parse(v.ConnectionString)
	if err != nil || u.Scheme != "postgres" || u.Host != v.Host+":5432" || u.Path != "/everruns" || u.Query().Get("sslmode") != "require" {
		t.Fatalf("connection string does not parse to the endpoint")
	}
	if pw, _ := u.User.Password(); pw != password || u.User.Username() != "everruns_admin" {
		t.Error("connection string user information differs from the value's")
	}
	if n := e.srv.Calls()["rds:ModifyDBInstance"]; n != 0 {
		t.Errorf("ModifyDBInstance called %d times: the instance already has the password", n)
	}
	e.wantInSync(dbValueAddr)
	e.wantInSync(dbSecret)
}

func TestForceDeletedDatabaseSecretIsGeneratedAgainAndSetOnTheInstance(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	old := e.stored().Password
	e.createInstance(old)
	e.mustConverge(dbValueAddr)
	if _, err := e.sm.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String(dbSecretName), ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	e.srv.Clock().Advance(dbTime)
	if _, ok := e.observeAll(dbSecret)[dbSecret]; ok {
		t.Fatal("a force-deleted secret is observed")
	}
	e.mustConverge(dbSecret)
	e.srv.ResetCalls()
	e.mustConverge(dbValueAddr)
	v := e.stored()
	if v.Password == old || v.Host == "" {
		t.Fatalf("after repair: password regenerated %v, host %q", v.Password != old, v.Host)
	}
	if n := e.srv.Calls()["rds:ModifyDBInstance"]; n != 1 {
		t.Errorf("ModifyDBInstance called %d times, want 1", n)
	}
	if !e.passwordWorks(v.Password) || e.passwordWorks(old) {
		t.Error("the instance does not take the regenerated password, or still takes the lost one")
	}
	e.wantInSync(dbSecret)
	e.wantInSync(dbValueAddr)
}

func TestEndpointChangeRewritesTheConnectionString(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	e.createInstance(e.stored().Password)
	e.mustConverge(dbValueAddr)
	// A person moved the value's host elsewhere (as a changed endpoint
	// would leave it): the value points at no instance.
	v := e.stored()
	stale := strings.ReplaceAll(e.value(dbSecretName), v.Host, "old.example.com")
	e.put(dbSecretName, stale)
	ch, _ := e.change(dbValueAddr)
	if ch.Action != "update" {
		t.Fatalf("stale endpoint: %s, want update", ch.Action)
	}
	e.mustConverge(dbValueAddr)
	if got := e.stored(); got.Host != v.Host || got.ConnectionString != v.ConnectionString || got.Password != v.Password {
		t.Error("the value was not rewritten to the instance's endpoint with its password")
	}
	e.wantInSync(dbValueAddr)
}
