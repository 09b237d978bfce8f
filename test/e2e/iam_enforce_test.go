package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/pkg/iampolicy"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// enforcedLeaseTable is the lease table the enforced runs use, given to
// `reconciler iam-policy --lease-table` as the daemon would be run.
const enforcedLeaseTable = "reconciler-lease"

// enforcedPolicy is `reconciler iam-policy` for the shipped file, for the
// fake's account and the lease table: what an operator gives the
// reconciler's role.
func enforcedPolicy(t *testing.T) iampolicy.Document {
	t.Helper()
	doc, err := policy("--lease-table", enforcedLeaseTable, "--account", core.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// assumeReconcilerRole creates, as the account's root, a role whose only
// policy is doc (outside the environment's role path, so the reconciler
// does not manage it), assumes it through STS, and returns the session's
// credentials and assumed-role ARN.
func assumeReconcilerRole(t *testing.T, f *fake, doc iampolicy.Document) (aws.Credentials, string) {
	t.Helper()
	ctx := t.Context()
	root := fakeawstest.Config(f.url)
	body, err := json.Marshal(doc)
	must(t, "marshal policy", err)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + core.AccountID + `:root"},"Action":"sts:AssumeRole"}]}`
	role, err := iam.NewFromConfig(root).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("reconciler-e2e"), Path: aws.String("/operators/"),
		AssumeRolePolicyDocument: aws.String(trust)})
	must(t, "CreateRole", err)
	_, err = iam.NewFromConfig(root).PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("reconciler-e2e"),
		PolicyName: aws.String("reconciler"), PolicyDocument: aws.String(string(body))})
	must(t, "PutRolePolicy", err)
	out, err := sts.NewFromConfig(root).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("e2e")})
	must(t, "AssumeRole", err)
	c := out.Credentials
	return aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken, Source: "e2e"},
		*out.AssumedRoleUser.Arn
}

// useFakeAs is useFake with the role session's credentials in the
// standard variables, as an operator who assumed the role runs the
// reconciler. t.Setenv: such tests are never parallel.
func useFakeAs(t *testing.T, f *fake, c aws.Credentials) {
	t.Helper()
	useFake(t, f)
	t.Setenv("AWS_ACCESS_KEY_ID", c.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", c.SecretAccessKey)
	t.Setenv("AWS_SESSION_TOKEN", c.SessionToken)
}

// sdkLog records what the SDK logs, to hold the lease's calls to a quiet
// log (no "response did not match expected checksum").
type sdkLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *sdkLog) Logf(c logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(c)+" "+fmt.Sprintf(format, v...))
}

// takeLease runs the daemon's lease on the table with cfg's credentials
// until it is held, then releases it; it returns Run's error (an access
// denied on the table is terminal) or a timeout.
func takeLease(ctx context.Context, cfg aws.Config) error {
	return takeLeaseOn(ctx, cfg, enforcedLeaseTable)
}

// takeLeaseOn is takeLease on the named table.
func takeLeaseOn(ctx context.Context, cfg aws.Config, table string) error {
	l, err := lease.New(dynamodb.NewFromConfig(cfg), table, lease.WithDurations(3*time.Second, 2*time.Second, 100*time.Millisecond))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	select {
	case <-l.Gained():
		cancel()
		return <-done
	case err := <-done:
		if err == nil {
			err = errors.New("the lease ended before it was held")
		}
		return err
	case <-time.After(20 * time.Second):
		return errors.New("the lease was not taken within 20s")
	}
}

// Under devcloud -enforce-iam, the reconciler assuming a role whose only
// policy is `reconciler iam-policy`'s for the shipped file (with the
// lease table) takes the whole environment from an empty account, rolls a
// service out, fails a rollout and takes the lease with zero denials.
func TestEnforcedIAMWholeEnvironmentWithTheGeneratedPolicy(t *testing.T) {
	start := time.Now()
	f := newFake(t, fakeaws.WithEnforceIAM())
	creds, principal := assumeReconcilerRole(t, f, enforcedPolicy(t))
	useFakeAs(t, f, creds)
	e := fullEnvOn(t, f)

	session := testConfig(f)
	session.Credentials = credentials.StaticCredentialsProvider{Value: creds}
	who, err := sts.NewFromConfig(session).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != principal {
		t.Fatalf("the session is %v (%v), want %s", who, err, principal)
	}

	e.converge()
	e.wantInSync(envFile)
	rolled := e.withTag("worker", "v0.5.1")
	e.apply(rolled)
	e.wantInSync(rolled)
	e.fakeECS.FailImage("ghcr.io/everruns/everruns-api:v0.6.0")
	failing := fullEnvWithTags(t, map[string]string{"services.worker": "v0.5.1", "services.api": "v0.6.0"})
	if code, out, errOut := e.run(failing, "apply"); code != cli.ExitError || !strings.Contains(out, "exit code 1") {
		t.Errorf("a failed rollout: exit %d, want 1 naming the crash\n%s\n%s", code, out, errOut)
	}

	log := &sdkLog{}
	session.Logger = log
	if err := takeLease(t.Context(), session); err != nil {
		t.Errorf("the lease with the generated policy: %v", err)
	}
	for _, l := range log.lines {
		if strings.Contains(l, "checksum") {
			t.Errorf("the SDK logged during the lease: %s", l)
		}
	}
	if d := denialsOf(t, f); len(d) > 0 {
		t.Errorf("%d denials under the generated policy, want none:\n%s", len(d), strings.Join(d, "\n"))
	}
	t.Logf("apply from empty, rollout, failed rollout and lease under enforcement: %s", time.Since(start).Round(time.Millisecond))
}

// denialsOf reads GET /_devcloud/iam/denials, one line per denial.
func denialsOf(t *testing.T, f *fake) []string {
	t.Helper()
	resp, err := http.Get(f.url + "/_devcloud/iam/denials")
	must(t, "GET denials", err)
	defer resp.Body.Close()
	var ds []fakeaws.Denial
	must(t, "decode denials", json.NewDecoder(resp.Body).Decode(&ds))
	var out []string
	for _, d := range ds {
		out = append(out, d.Operation+": "+d.Action+" on "+strings.Join(d.Resources, ", ")+" ("+d.Decision+")")
	}
	return out
}

// Removing any one statement from the generated policy makes the run
// (apply from empty, the person's steps, apply again, the lease) fail, and
// devcloud names the denial: an action of the removed statement. Each
// statement runs in its own fake, in parallel, through the engine (the
// command line reads credentials from the process's environment, which
// parallel tests cannot each set).
func TestEnforcedIAMEveryStatementIsNeeded(t *testing.T) {
	full := enforcedPolicy(t)
	resources := networkResources(t)
	for i, st := range full.Statement {
		name := fmt.Sprintf("%02d_%s", i, strings.ReplaceAll(st.Action[0], ":", "_"))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc := full
			doc.Statement = slices.Delete(slices.Clone(full.Statement), i, i+1)
			f := newFake(t, fakeaws.WithEnforceIAM())
			creds, _ := assumeReconcilerRole(t, f, doc)
			cfg := testConfig(f)
			cfg.Credentials = credentials.StaticCredentialsProvider{Value: creds}
			ctx := t.Context()
			first, err1 := newEngine(cfg).Apply(ctx, envID, resources, reconcile.ApplyOptions{Wait: 300 * time.Millisecond})
			personSteps(t, f)
			second, err2 := newEngine(cfg).Apply(ctx, envID, resources, reconcile.ApplyOptions{})
			leaseErr := takeLease(ctx, cfg)
			failed := err1 != nil || err2 != nil || second == nil || !second.Converged() || leaseErr != nil
			if why, ok := notNeeded[strings.Join(st.Resource, ",")]; ok {
				if failed {
					t.Fatalf("statement %d (%v on %v) is listed as not needed (%s), but the run failed without it: %v",
						i, st.Action, st.Resource, why, denialsOf(t, f))
				}
				t.Logf("not needed by devcloud's table, kept in the policy: %s", why)
				return
			}
			if !failed {
				t.Fatalf("without statement %d (%v on %v) the run succeeded", i, st.Action, st.Resource)
			}
			denials := f.srv.Denials()
			for _, d := range denials {
				if slices.Contains(st.Action, d.Action) {
					return
				}
			}
			var got []string
			for _, d := range denials {
				got = append(got, d.Action)
			}
			t.Errorf("without statement %d (%v) the denials name %v, none of its actions (first apply converged %v)",
				i, st.Action, slices.Compact(slices.Sorted(slices.Values(got))), first != nil && first.Converged())
		})
	}
}

// notNeeded are the statements of the generated policy that devcloud's
// table does not need, by their resources, with why they stay: each is a
// disagreement between the two readings of the reference, kept visible.
var notNeeded = map[string]string{
	"arn:aws:ec2:us-east-1:" + core.AccountID + ":security-group-rule/*": "the rule changes on security-group-rule/*: the EC2 reference lists " +
		"security-group-rule as an optional resource of Authorize/RevokeSecurityGroup*, authorized when the request names rules " +
		"(SecurityGroupRuleIds) or tags them, which the reconciler does not; kept because it grants nothing without the group's " +
		"tag-conditioned grant, and a first real apply is cheaper to keep working than to trim",
}

// personSteps does the person's part of a first apply as far as it can:
// the operator secrets' values and the certificate's CNAME, as the
// account's root; what the failed apply did not create is skipped.
func personSteps(t *testing.T, f *fake) {
	t.Helper()
	client := sm.NewFromConfig(fakeawstest.Config(f.url))
	for name, v := range fullOperatorValues {
		_, _ = client.PutSecretValue(t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)})
	}
	if resp, err := http.Post(f.url+"/_devcloud/acm/validate?domain="+url.QueryEscape("poc.everruns.com"), "", nil); err == nil {
		resp.Body.Close()
	}
}

// networkDriftCases are out-of-band changes to the network tier (from the
// network drift catalogue, drift_catalogue_test.go) whose repairs make the
// EC2 calls an apply from empty does not: revoke and authorize rules,
// re-create a route and a NAT gateway, re-associate a table, change
// attributes, and create and delete tags on existing resources.
func networkDriftCases() map[string]fullDriftCase {
	on := func(mutate func(t *testing.T, f *fake)) func(t *testing.T, w *fullEngine) {
		return func(t *testing.T, w *fullEngine) { mutate(t, w.f) }
	}
	return map[string]fullDriftCase{
		"network: ingress rule added to alb": {on(func(t *testing.T, f *fake) {
			_, err := f.ec2.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{
				GroupId: aws.String(groupID(t, f, "network.security_group.alb")), IpPermissions: []ec2types.IpPermission{tcp(22, "203.0.113.0/24")}})
			must(t, "AuthorizeSecurityGroupIngress", err)
		}), change{"network.security_group.alb", "update", "ingress"}, nil},
		"network: default egress revoked from alb": {on(func(t *testing.T, f *fake) {
			revokeDefaultEgress(t, f, groupID(t, f, "network.security_group.alb"))
		}), change{"network.security_group.alb", "update", "egress"}, nil},
		"network: private default route deleted": {on(func(t *testing.T, f *fake) {
			_, err := f.ec2.DeleteRoute(t.Context(), &ec2.DeleteRouteInput{
				RouteTableId: routeTable(t, f, "network.route_table.private").RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0")})
			must(t, "DeleteRoute", err)
		}), change{"network.route_table.private", "update", "routes"}, nil},
		"network: DNS hostnames turned off": {on(func(t *testing.T, f *fake) {
			_, err := f.ec2.ModifyVpcAttribute(t.Context(), &ec2.ModifyVpcAttributeInput{VpcId: aws.String(vpcID(t, f)),
				EnableDnsHostnames: &ec2types.AttributeBooleanValue{Value: aws.Bool(false)}})
			must(t, "ModifyVpcAttribute", err)
		}), change{"network.vpc", "update", "enable_dns_hostnames"}, nil},
		"network: public subnet maps public IPs": {on(func(t *testing.T, f *fake) {
			_, err := f.ec2.ModifySubnetAttribute(t.Context(), &ec2.ModifySubnetAttributeInput{SubnetId: aws.String(subnetID(t, f, "network.subnet.public-a")),
				MapPublicIpOnLaunch: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}})
			must(t, "ModifySubnetAttribute", err)
		}), change{"network.subnet.public-a", "update", "map_public_ip_on_launch"}, nil},
		"network: Name tag renamed": {on(func(t *testing.T, f *fake) {
			createTag(t, f, subnetID(t, f, "network.subnet.private-b"), "Name", "renamed-by-hand")
		}), change{"network.subnet.private-b", "update", "tags.Name"}, nil},
		"network: extra tag added": {on(func(t *testing.T, f *fake) { createTag(t, f, vpcID(t, f), "Owner", "alice") }),
			change{"network.vpc", "update", "tags.Owner"}, nil},
		"network: route table association removed": {on(func(t *testing.T, f *fake) {
			sn := subnetID(t, f, "network.subnet.public-b")
			for _, a := range routeTable(t, f, "network.route_table.public").Associations {
				if aws.ToString(a.SubnetId) == sn {
					_, err := f.ec2.DisassociateRouteTable(t.Context(), &ec2.DisassociateRouteTableInput{AssociationId: a.RouteTableAssociationId})
					must(t, "DisassociateRouteTable", err)
					return
				}
			}
			t.Fatal("public-b is not associated with the public route table")
		}), change{"network.route_table.public", "update", "associations"}, nil},
		"network: NAT gateway deleted": {on(deleteNAT), change{"network.nat_gateway.nat-a", "create", "allocation_id"}, nil},
	}
}

// The drift catalogue of the compute, edge and network tiers under
// enforcement: each out-of-band change (made by a person, as the account's root) is
// reported and repaired by the reconciler's role with the generated
// policy, with zero denials: the repairs reach the update, tag and
// re-create paths an apply from empty does not.
func TestEnforcedIAMDriftRepairsWithTheGeneratedPolicy(t *testing.T) {
	start := time.Now()
	f := newFake(t, fakeaws.WithEnforceIAM())
	creds, _ := assumeReconcilerRole(t, f, enforcedPolicy(t))
	session := testConfig(f)
	session.Credentials = credentials.StaticCredentialsProvider{Value: creds}
	w := &fullEngine{fullEnv: fullEnvOn(t, f), resources: networkResources(t), elb: lbClient(f)}
	apply := func(t *testing.T, wait time.Duration) *reconcile.Result {
		res, err := newEngine(session).Apply(t.Context(), envID, w.resources, reconcile.ApplyOptions{Wait: wait})
		if err != nil {
			t.Fatalf("apply: %v", err)
		}
		return res
	}
	apply(t, 300*time.Millisecond)
	w.actAsPerson()
	if res := apply(t, 0); !res.Converged() {
		t.Fatalf("apply from empty did not converge: %v\n%+v\ndenials:\n%s", res.Err(), outstanding(res), strings.Join(denialsOf(t, f), "\n"))
	}
	cases := fullDriftCases()
	maps.Copy(cases, networkDriftCases())
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		tc := cases[name]
		t.Run(name, func(t *testing.T) {
			w.t = t
			tc.mutate(t, w)
			p, err := newEngine(session).Plan(t.Context(), envID, w.resources, nil)
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			if !reportsChange(p.Report, tc.want) {
				t.Errorf("not reported: %s %s at %s", tc.want.action, tc.want.address, tc.want.path)
			}
			if res := apply(t, 0); !res.Converged() {
				t.Errorf("not repaired: %v\n%+v", res.Err(), outstanding(res))
			}
			if d := denialsOf(t, f); len(d) > 0 {
				t.Fatalf("denials under the generated policy:\n%s", strings.Join(d, "\n"))
			}
		})
	}
	t.Logf("%d drift repairs under enforcement: %s", len(cases), time.Since(start).Round(time.Millisecond))
}

// The self-hosted bootstrap under enforcement: the operator bootstraps
// the self-hosted example as the account's root; then the reconciler runs
// as the role the bootstrap made for it, whose policy is the generated
// one as IAM stores it: diff finds nothing to do, it repairs a drifted
// service, and it takes its lease, with zero denials.
func TestEnforcedIAMSelfHostedReconcilerRunsAsItsOwnRole(t *testing.T) {
	start := time.Now()
	f := newFake(t, fakeaws.WithEnforceIAM())
	useFake(t, f)
	root := fakeawstest.Config(f.url)
	resp, err := http.Post(f.url+"/_devcloud/acm/validate?domain="+url.QueryEscape(shDomain), "", nil)
	must(t, "validate hook", err)
	resp.Body.Close()
	if code, out, errOut := shRun(t, shFile, "apply", "--target", "secrets"); code != cli.ExitError {
		t.Fatalf("apply --target secrets: exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	for name, v := range shValues {
		_, err := sm.NewFromConfig(root).PutSecretValue(t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)})
		must(t, "PutSecretValue", err)
	}
	if code, out, errOut := shRun(t, shFile, "apply"); code != cli.ExitOK {
		t.Fatalf("bootstrap apply: exit %d\n%s\n%s", code, out, errOut)
	}

	role, err := iam.NewFromConfig(root).GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String(shRole)})
	must(t, "GetRole", err)
	out, err := sts.NewFromConfig(root).AssumeRole(t.Context(), &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("ecs-task")})
	must(t, "AssumeRole", err)
	c := out.Credentials
	creds := aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}
	useFakeAs(t, f, creds)

	if code, out, errOut := shRun(t, shFile, "diff", "-o", "json"); code != cli.ExitOK {
		t.Errorf("diff as the reconciler's role: exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	_, err = ecs.NewFromConfig(root).UpdateService(t.Context(), &ecs.UpdateServiceInput{Cluster: aws.String(shCluster), Service: aws.String(shService), DesiredCount: aws.Int32(1)})
	must(t, "UpdateService", err)
	if code, out, errOut := shRun(t, shFile, "apply"); code != cli.ExitOK {
		t.Errorf("apply of a drifted service as the reconciler's role: exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	session := testConfig(f)
	session.Credentials = credentials.StaticCredentialsProvider{Value: creds}
	if err := takeLeaseOn(t.Context(), session, "everruns-ops-reconciler-lease"); err != nil {
		t.Errorf("the lease as the reconciler's role: %v", err)
	}
	if d := denialsOf(t, f); len(d) > 0 {
		t.Errorf("%d denials for the reconciler's own role:\n%s", len(d), strings.Join(d, "\n"))
	}
	t.Logf("self-hosted bootstrap, then diff, repair and lease as the reconciler's role: %s", time.Since(start).Round(time.Millisecond))
}
