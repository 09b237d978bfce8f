package rds

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	fakerds "github.com/everruns/reconciler/internal/fakeaws/rds"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

var prod = desired.Identity{Project: "everruns", Environment: "production"}

// tier is the database tier's adapters against a fresh fake, with the
// file's three resources and the IDs their refs resolve to.
type tier struct {
	srv   *fakeaws.Server
	rds   *rds.Client
	kinds map[string]reconcile.Kind
	res   map[desired.Address]desired.Resource
	ids   map[desired.Address]string // what each ref resolves to
}

// step is the fake's default DB instance transition time.
const step = 3 * time.Second

func newTier(t *testing.T) *tier {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	tr := &tier{srv: srv, rds: rds.NewFromConfig(cfg), ids: map[desired.Address]string{}}
	tr.kinds = Kinds(tr.rds, secretsmanager.NewFromConfig(cfg))
	env, diags := desired.Load("../../../deploy/environment.yaml")
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	tr.res = map[desired.Address]desired.Resource{}
	for _, r := range env.Resources() {
		tr.res[r.Address] = r
	}
	tr.network(t, ec2.NewFromConfig(cfg))
	tr.secret(t, secretsmanager.NewFromConfig(cfg))
	tr.ids["database.subnet_group"] = "everruns-production"
	tr.ids["database.parameter_group"] = "everruns-production-postgres16"
	return tr
}

// network makes the private subnets and the rds security group the file
// names, as the network tier would.
func (tr *tier) network(t *testing.T, api *ec2.Client) {
	ctx := t.Context()
	vpc, err := api.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	must(t, err)
	for i, zone := range []string{"a", "b"} {
		s, err := api.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String([]string{"10.0.10.0/24", "10.0.11.0/24"}[i]), AvailabilityZone: aws.String("us-east-1" + zone)})
		must(t, err)
		tr.ids[desired.Address("network.subnet.private-"+zone)] = aws.ToString(s.Subnet.SubnetId)
	}
	g, err := api.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("rds"), Description: aws.String("rds"), VpcId: vpc.Vpc.VpcId})
	must(t, err)
	tr.ids["network.security_group.rds"] = aws.ToString(g.GroupId)
}

// secretValue is the test's generated credentials; the tests check it
// never appears in what the adapter reports.
const secretValue = "Xq7pW2vR9sT4uY6zA1bC3dE5fG8hJ0kL"

func (tr *tier) secret(t *testing.T, api *secretsmanager.Client) {
	out, err := api.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{
		Name: aws.String("everruns/production/database"), SecretString: aws.String(`{"username":"everruns_admin","password":"` + secretValue + `"}`),
	})
	must(t, err)
	tr.ids["secrets.database"] = aws.ToString(out.ARN)
}

// want is the file's resource at addr with its refs resolved, as the
// engine hands it to the adapter; edit changes fields first.
func (tr *tier) want(addr desired.Address, edit map[string]any) desired.Resource {
	r := tr.res[addr]
	fields := map[string]any{}
	for k, v := range r.Fields {
		fields[k] = tr.resolve(v)
	}
	for k, v := range edit {
		fields[k] = v
	}
	r.Fields = fields
	return r
}

func (tr *tier) resolve(v any) any {
	switch x := v.(type) {
	case desired.Ref:
		return tr.ids[x.Address]
	case desired.Set:
		out := desired.Set{}
		for _, e := range x {
			out = append(out, tr.resolve(e))
		}
		return out
	}
	return v
}

// observe reads one kind and compares addr with want.
func (tr *tier) observe(t *testing.T, want desired.Resource) (reconcile.Live, drift.Change) {
	t.Helper()
	m, err := tr.kinds[want.Kind].Observe(t.Context(), prod)
	must(t, err)
	l, ok := m[want.Address]
	return l, drift.CompareObserved(want, drift.Observed{Exists: ok, Fields: l.Fields, Pending: l.Pending, Notes: l.Notes})
}

// createAll creates the three resources and lets the instance become
// available.
func (tr *tier) createAll(t *testing.T, edit map[string]any) {
	t.Helper()
	for _, a := range []desired.Address{"database.subnet_group", "database.parameter_group"} {
		_, err := tr.kinds[tr.res[a].Kind].Create(t.Context(), prod, tr.want(a, nil))
		must(t, err)
	}
	_, err := tr.kinds[tr.res["database.instance"].Kind].Create(t.Context(), prod, tr.want("database.instance", edit))
	must(t, err)
	tr.srv.Clock().Advance(2 * step)
}

// update computes the delta of want against AWS and applies it.
func (tr *tier) update(t *testing.T, want desired.Resource) error {
	t.Helper()
	l, ch := tr.observe(t, want)
	_, err := tr.kinds[want.Kind].Update(t.Context(), prod, want, l, drift.Delta(ch.Fields))
	return err
}

func (tr *tier) fakeRDS() *fakerds.Service { return tr.srv.Service("rds").(*fakerds.Service) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
