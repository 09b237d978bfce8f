package secretsmanager

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	fakerds "github.com/everruns/reconciler/internal/fakeaws/rds"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

var prod = desired.Identity{Project: "everruns", Environment: "production"}

const (
	dbSecret     = desired.Address("secrets.database")
	dbValueAddr  = desired.Address("secrets.database.value")
	openaiSecret = desired.Address("secrets.openai")
	instanceID   = "everruns-production"
	dbTime       = time.Minute
)

type env struct {
	t     *testing.T
	srv   *fakeaws.Server
	sm    *sm.Client
	rds   *rds.Client
	kinds map[string]reconcile.Kind
	res   map[desired.Address]desired.Resource
	// pinned are resources resolved once, so that resolving them again
	// does not count as the adapter's calls.
	pinned map[desired.Address]desired.Resource
}

func start(t *testing.T) *env {
	t.Helper()
	timing := core.DefaultTiming()
	timing.DBInstance = dbTime
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(timing))
	file, diags := desired.Load("../../../deploy/environment.yaml")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	e := &env{t: t, srv: srv, sm: sm.NewFromConfig(cfg), rds: rds.NewFromConfig(cfg),
		res: map[desired.Address]desired.Resource{}, pinned: map[desired.Address]desired.Resource{}}
	e.kinds = Kinds(e.sm, e.rds)
	for _, r := range file.Resources() {
		e.res[r.Address] = r
	}
	return e
}

func (e *env) kind(a desired.Address) reconcile.Kind { return e.kinds[e.res[a].Kind] }

// resource is the desired resource at a with the credentials' refs
// resolved as the engine would.
func (e *env) resource(a desired.Address) desired.Resource {
	r := e.res[a]
	if p, ok := e.pinned[a]; ok {
		return p
	}
	if a != dbValueAddr {
		return r
	}
	fields := map[string]any{}
	for k, v := range r.Fields {
		fields[k] = v
	}
	fields[names.DatabaseCredentials.SecretID] = e.observe(dbSecret).ID
	fields[names.DatabaseCredentials.DBInstance] = instanceID
	r.Fields = fields
	return r
}

func (e *env) observeAll(a desired.Address) map[desired.Address]reconcile.Live {
	e.t.Helper()
	m, err := e.kind(a).Observe(e.t.Context(), prod)
	if err != nil {
		e.t.Fatalf("Observe %s: %v", a, err)
	}
	return m
}

func (e *env) observe(a desired.Address) reconcile.Live { return e.observeAll(a)[a] }

// change is the drift of a as the engine would compute it.
func (e *env) change(a desired.Address) (drift.Change, reconcile.Live) {
	e.t.Helper()
	l, ok := e.observeAll(a)[a]
	return drift.CompareObserved(e.resource(a), drift.Observed{Exists: ok, Fields: l.Fields, Notes: l.Notes}), l
}

// converge makes the one call the drift of a asks for.
func (e *env) converge(a desired.Address) (reconcile.Live, error) {
	e.t.Helper()
	ch, l := e.change(a)
	switch ch.Action {
	case drift.ActionCreate:
		return e.kind(a).Create(e.t.Context(), prod, e.resource(a))
	case drift.ActionUpdate:
		return e.kind(a).Update(e.t.Context(), prod, e.resource(a), l, drift.Delta(ch.Fields))
	case drift.ActionNone:
		return l, nil
	}
	e.t.Fatalf("%s: action %s", a, ch.Action)
	return l, nil
}

func (e *env) mustConverge(a desired.Address) reconcile.Live {
	e.t.Helper()
	l, err := e.converge(a)
	if err != nil {
		e.t.Fatalf("converge %s: %v", a, err)
	}
	return l
}

func (e *env) wantInSync(a desired.Address) reconcile.Live {
	e.t.Helper()
	ch, l := e.change(a)
	if ch.Action != drift.ActionNone {
		e.t.Fatalf("%s: %s %+v, want in sync", a, ch.Action, ch.Fields)
	}
	return l
}

// value is the secret's current value, read as the test's own client.
func (e *env) value(name string) string {
	e.t.Helper()
	out, err := e.sm.GetSecretValue(e.t.Context(), &sm.GetSecretValueInput{SecretId: aws.String(name)})
	if err != nil {
		e.t.Fatalf("GetSecretValue: %v", err)
	}
	return aws.ToString(out.SecretString)
}

func (e *env) put(name, value string) {
	e.t.Helper()
	if _, err := e.sm.PutSecretValue(e.t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(value)}); err != nil {
		e.t.Fatalf("PutSecretValue: %v", err)
	}
}

// createInstance creates the database instance as the RDS tier would,
// with the password the secret holds, and lets it become available.
func (e *env) createInstance(password string) {
	e.t.Helper()
	_, err := e.rds.CreateDBInstance(e.t.Context(), &rds.CreateDBInstanceInput{
		DBInstanceIdentifier: aws.String(instanceID), Engine: aws.String("postgres"), EngineVersion: aws.String("16.3"),
		DBInstanceClass: aws.String("db.t4g.micro"), AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("everruns_admin"),
		MasterUserPassword: aws.String(password), DBName: aws.String("everruns")})
	if err != nil {
		e.t.Fatalf("CreateDBInstance: %v", err)
	}
	e.srv.Clock().Advance(3 * dbTime)
}

func (e *env) passwordWorks(password string) bool {
	e.t.Helper()
	ok, err := e.srv.Service("rds").(*fakerds.Service).PasswordMatches(instanceID, password)
	if err != nil {
		e.t.Fatal(err)
	}
	return ok
}
