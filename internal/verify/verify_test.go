package verify

import (
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/google/go-containerregistry/pkg/name"
	ggcr "github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/internal/registry"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// file is a small environment: two services on the registry at HOST, the
// worker on ARM64, a certificate, subnets in ZONE and us-east-1b.
const file = `environment: production
region: us-east-1
network:
  cidr: 10.0.0.0/16
  public_subnets:
    - {zone: ZONE, cidr: 10.0.1.0/24}
    - {zone: us-east-1b, cidr: 10.0.2.0/24}
  private_subnets:
    - {zone: ZONE, cidr: 10.0.10.0/24}
    - {zone: us-east-1b, cidr: 10.0.11.0/24}
security_groups:
  ecs:
    ingress:
      - {protocol: all, self: true}
certificates:
  main: {domain: poc.example.com}
cluster: {}
services:
  api:
    image: HOST/everruns/api
    tag: v1
  worker:
    image: HOST/everruns/worker
    tag: v1
    cpu_architecture: ARM64
`

// world is a fake AWS account and an in-process registry.
type world struct {
	t    *testing.T
	cfg  aws.Config
	host string
	srv  *httptest.Server
}

func newWorld(t *testing.T) *world {
	t.Helper()
	_, cfg := fakeawstest.Start(t)
	srv := httptest.NewServer(ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	return &world{t: t, cfg: cfg, host: strings.TrimPrefix(srv.URL, "http://"), srv: srv}
}

func (w *world) env(zone string) *desired.Environment {
	w.t.Helper()
	env, diags := desired.Parse("environment.yaml", []byte(strings.NewReplacer("HOST", w.host, "ZONE", zone).Replace(file)))
	if diags.HasErrors() {
		w.t.Fatalf("environment: %v", diags.Error())
	}
	return env
}

func (w *world) checker(env *desired.Environment, opts Options) *checker {
	return &checker{cfg: w.cfg, env: env, opts: opts, reg: &registry.Resolver{Credentials: registry.NewSecretsManager(w.cfg)}}
}

// pushIndex writes repo:tag as an index of one image per platform.
func (w *world) pushIndex(repo, tag string, platforms ...string) {
	w.t.Helper()
	idx := v1.ImageIndex(empty.Index)
	for _, p := range platforms {
		img, err := random.Image(128, 1)
		if err != nil {
			w.t.Fatal(err)
		}
		os, arch, _ := strings.Cut(p, "/")
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: os, Architecture: arch}}})
	}
	ref, err := name.NewTag(w.host + "/" + repo + ":" + tag)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := remote.WriteIndex(ref, idx); err != nil {
		w.t.Fatal(err)
	}
}

// severities are the findings as "severity subject".
func severities(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Severity)+" "+f.Subject)
	}
	return out
}

// An image without a manifest for its task's architecture is an error for
// that task only; the same image serves an X86_64 task.
func TestImagesNeedTheTasksArchitecture(t *testing.T) {
	w := newWorld(t)
	w.pushIndex("everruns/api", "v1", "linux/amd64")
	w.pushIndex("everruns/worker", "v1", "linux/amd64")
	fs := checkImages(t.Context(), w.checker(w.env("us-east-1a"), Options{}))
	got := strings.Join(severities(fs), ", ")
	if got != "ok service.api, error service.worker" {
		t.Fatalf("findings %q (%+v)", got, fs)
	}
	if !strings.Contains(fs[1].Message, "linux/arm64") {
		t.Errorf("the error does not name the platform: %s", fs[1].Message)
	}
	w.pushIndex("everruns/worker", "v1", "linux/amd64", "linux/arm64")
	if fs := checkImages(t.Context(), w.checker(w.env("us-east-1a"), Options{})); strings.Join(severities(fs), ", ") != "ok service.api, ok service.worker" {
		t.Errorf("multi-arch worker: %+v", fs)
	}
}

// A registry that cannot be asked is a warning, an error with --strict:
// the check could not tell.
func TestUnreachableRegistryIsAWarningUnlessStrict(t *testing.T) {
	w := newWorld(t)
	env := w.env("us-east-1a")
	w.srv.Close()
	for _, strict := range []bool{false, true} {
		rep, err := Run(t.Context(), w.cfg, env, Options{Strict: strict})
		if err != nil {
			t.Fatal(err)
		}
		var images []Finding
		for _, c := range rep.Checks {
			if c.Name == "images" {
				images = c.Findings
			}
			if c.Findings == nil {
				t.Errorf("check %s: findings null in JSON, want []", c.Name)
			}
		}
		want := SeverityWarning
		if strict {
			want = SeverityError
		}
		if len(images) != 2 || images[0].Severity != want || images[1].Severity != want || !strings.Contains(images[0].Message, "did not answer") {
			t.Errorf("strict %v: images %+v, want two %s", strict, images, want)
		}
		if rep.OK == strict {
			t.Errorf("strict %v: OK %v", strict, rep.OK)
		}
	}
}

// A zone the account does not have in the region is named, though the
// file is valid: us-west-2d exists in AWS, but the fake offers every
// region other than us-east-1 three zones only, as an account may see
// fewer zones than the region has.
func TestZonesMustExist(t *testing.T) {
	w := newWorld(t)
	body := strings.NewReplacer("HOST", w.host, "ZONE", "us-west-2d", "us-east-1b", "us-west-2b", "region: us-east-1", "region: us-west-2").Replace(file)
	env, diags := desired.Parse("environment.yaml", []byte(body))
	if diags.HasErrors() {
		t.Fatalf("environment: %v", diags.Error())
	}
	c := w.checker(env, Options{})
	c.cfg.Region = "us-west-2"
	fs := checkZones(t.Context(), c)
	if got := strings.Join(severities(fs), ", "); got != "ok us-west-2b, error us-west-2d" {
		t.Errorf("findings %q", got)
	}
}

// The Elastic IPs the file still needs must fit under the quota beside
// the addresses the account holds.
func TestElasticIPHeadroom(t *testing.T) {
	w := newWorld(t)
	c := w.checker(w.env("us-east-1a"), Options{})
	if fs := checkQuotas(t.Context(), c); len(fs) != 1 || fs[0].Severity != SeverityOK {
		t.Fatalf("empty account: %+v", fs)
	}
	api := ec2.NewFromConfig(w.cfg)
	for range 5 {
		if _, err := api.AllocateAddress(t.Context(), &ec2.AllocateAddressInput{}); err != nil {
			t.Fatal(err)
		}
	}
	fs := checkQuotas(t.Context(), c)
	if len(fs) != 1 || fs[0].Severity != SeverityError || !strings.Contains(fs[0].Message, "needs 1 more") || !strings.Contains(fs[0].Message, "5 of its quota of 5") {
		t.Errorf("full account: %+v", fs)
	}
}

// A certificate waiting for validation names the CNAME to create; one not
// requested yet is a warning.
func TestCertificatePendingNamesTheCNAME(t *testing.T) {
	w := newWorld(t)
	c := w.checker(w.env("us-east-1a"), Options{})
	if fs := checkCertificates(t.Context(), c); len(fs) != 1 || fs[0].Severity != SeverityWarning {
		t.Fatalf("not requested: %+v", fs)
	}
	_, err := acm.NewFromConfig(w.cfg).RequestCertificate(t.Context(), &acm.RequestCertificateInput{
		DomainName: aws.String("poc.example.com"), ValidationMethod: acmtypes.ValidationMethodDns,
		Tags: []acmtypes.Tag{{Key: aws.String(names.TagProject), Value: aws.String("everruns")}, {Key: aws.String(names.TagEnvironment), Value: aws.String("production")}}})
	if err != nil {
		t.Fatal(err)
	}
	fs := checkCertificates(t.Context(), c)
	if len(fs) != 1 || fs[0].Severity != SeverityError || !strings.Contains(fs[0].Message, "create CNAME _") || !strings.Contains(fs[0].Message, "PENDING_VALIDATION") {
		t.Errorf("pending: %+v", fs)
	}
}

// The root user cannot be simulated (a warning); an assumed-role session
// is simulated as its role, path included; a user is simulated as itself
// with a note.
func TestSimulationSource(t *testing.T) {
	w := newWorld(t)
	api := iam.NewFromConfig(w.cfg)
	_, err := api.CreateRole(t.Context(), &iam.CreateRoleInput{RoleName: aws.String("deployer"), Path: aws.String("/ops/"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[]}`)})
	if err != nil {
		t.Fatal(err)
	}
	for principal, want := range map[string][2]string{
		"arn:aws:iam::123456789012:root":                          {"", "root user"},
		"arn:aws:sts::123456789012:assumed-role/deployer/session": {"arn:aws:iam::123456789012:role/ops/deployer", ""},
		"arn:aws:sts::123456789012:assumed-role/gone/session":     {"arn:aws:iam::123456789012:role/gone", ""},
		"arn:aws:iam::123456789012:user/alice":                    {"arn:aws:iam::123456789012:user/alice", "IAM user"},
	} {
		source, note := simulationSource(t.Context(), api, principal)
		if source != want[0] || (want[1] == "") != (note == "") || !strings.Contains(note, want[1]) {
			t.Errorf("%s: source %q, note %q; want %q and a note with %q", principal, source, note, want[0], want[1])
		}
	}
}

// The text report puts problems first within a check and ends with the
// verdict.
func TestTextReport(t *testing.T) {
	var b strings.Builder
	rep := Report{Environment: "production", Region: "us-east-1", Errors: 1, Checks: []Check{{Name: "images", Findings: []Finding{
		ok("service.ui", "image ui:v1 exists"), problem("service.api", "image api:v9 does not exist")}}}}
	if err := WriteText(&b, rep); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Index(out, "ERROR") > strings.Index(out, " ok ") || !strings.HasSuffix(out, "1 error(s), 0 warning(s): an apply would stop: fix the errors above\n") {
		t.Errorf("text report:\n%s", out)
	}
}

// The engine version, the class and the storage type are each named when
// RDS cannot order them; a major version is orderable through its minors.
func TestDatabaseOrderability(t *testing.T) {
	w := newWorld(t)
	env := w.env("us-east-1a")
	for _, c := range []struct {
		version, class, storage string
		want                    string // "" for orderable
	}{
		{"16", "db.t4g.micro", "gp3", ""},
		{"16.4", "db.t4g.micro", "gp2", ""},
		{"16.0", "db.t4g.micro", "gp3", "engine version postgres 16.0 cannot be created"},
		{"16", "db.x99.huge", "gp3", "instance class db.x99.huge cannot be ordered"},
		{"16", "db.t4g.micro", "st1", "storage type st1 cannot be ordered"},
	} {
		env.Database = &desired.Database{Identifier: "everruns-production", Engine: "postgres", EngineVersion: c.version, InstanceClass: c.class, StorageType: c.storage}
		fs := checkDatabase(t.Context(), w.checker(env, Options{}))
		if len(fs) != 1 || (c.want == "") != (fs[0].Severity == SeverityOK) || !strings.Contains(fs[0].Message, c.want) {
			t.Errorf("%s %s %s: %+v, want %q", c.version, c.class, c.storage, fs, c.want)
		}
	}
}

// An operator secret that does not exist, one without a value, one whose
// value is not JSON and one without a key are each an error; no message
// ever carries the value.
func TestOperatorSecrets(t *testing.T) {
	w := newWorld(t)
	env := w.env("us-east-1a")
	env.Secrets = map[string]desired.Secret{"openai": {Name: "everruns/production/openai", Source: desired.SourceOperator, Keys: []string{"api_key", "org"}}}
	c := w.checker(env, Options{})
	api := secretsmanager.NewFromConfig(w.cfg)
	steps := []struct {
		do   func()
		want string
	}{
		{func() {}, "does not exist"},
		{func() {
			_, err := api.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: aws.String("everruns/production/openai")})
			must(t, err)
		}, "has no value yet"},
		{func() { put(t, api, "sk-VALUE-NOT-JSON") }, "not a JSON object"},
		{func() { put(t, api, `{"api_key":"sk-VALUE"}`) }, "lacks the key(s) org"},
		{func() { put(t, api, `{"api_key":"sk-VALUE","org":"o-VALUE"}`) }, "holds api_key, org"},
	}
	for _, s := range steps {
		s.do()
		fs := checkSecrets(t.Context(), c)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, s.want) || strings.Contains(fs[0].Message, "VALUE") {
			t.Errorf("%+v, want %q and no value", fs, s.want)
		}
	}
}

func put(t *testing.T, api *secretsmanager.Client, value string) {
	t.Helper()
	_, err := api.PutSecretValue(t.Context(), &secretsmanager.PutSecretValueInput{SecretId: aws.String("everruns/production/openai"), SecretString: aws.String(value)})
	must(t, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
