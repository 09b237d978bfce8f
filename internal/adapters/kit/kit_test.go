package kit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

var prod = desired.Identity{Project: "everruns", Environment: "production"}

func TestClaimNeedsProjectAndEnvironment(t *testing.T) {
	tags := map[string]string{"everruns:project": "everruns", "everruns:environment": "production", "everruns:address": "network.vpc"}
	if got := Claim(prod, tags); got != "network.vpc" {
		t.Errorf("Claim = %q", got)
	}
	for name, id := range map[string]desired.Identity{
		"another project, same environment name": {Project: "other", Environment: "production"},
		"another environment":                    {Project: "everruns", Environment: "staging"},
	} {
		if got := Claim(id, tags); got != "" {
			t.Errorf("%s: claimed %q", name, got)
		}
	}
}

func TestTagChangeNeverRemovesIdentity(t *testing.T) {
	r := desired.Resource{Address: "network.vpc", Fields: map[string]any{"tags": map[string]any{"Name": "new", "everruns:address": "network.vpc"}}}
	live := map[string]any{"tags": map[string]any{"Name": "old", "Stale": "x", "everruns:project": "everruns", "everruns:environment": "production", "aws:cloudformation:stack-name": "s"}}
	put, remove := TagChange(drift.Delta(drift.Compare(r, true, live).Fields))
	if diff := cmp.Diff(map[string]string{"Name": "new", "everruns:address": "network.vpc"}, put); diff != "" {
		t.Errorf("put (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Stale"}, remove); diff != "" {
		t.Errorf("remove (-want +got):\n%s", diff)
	}
}

func TestTokenFollowsIdentity(t *testing.T) {
	r := desired.Resource{Address: "network.nat_gateway.nat-a", Fields: map[string]any{"subnet_id": "subnet-1", "tags": map[string]any{"a": "b"}},
		Immutable: map[string]string{"subnet_id": "fixed"}}
	tok := func(id desired.Identity, r desired.Resource, salt string) string {
		s, err := Token(id, r, salt, 32)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) > 32 {
			t.Fatalf("token %q is longer than the limit", s)
		}
		return s
	}
	base := tok(prod, r, "")
	with := func(f map[string]any) desired.Resource { c := r; c.Fields = f; return c }
	for name, c := range map[string]struct {
		got  string
		same bool
	}{
		"same resource":     {tok(prod, r, ""), true},
		"field not sent":    {tok(prod, with(map[string]any{"subnet_id": "subnet-1", "tags": map[string]any{"a": "b"}, "x": 1}), ""), true},
		"new tags":          {tok(prod, with(map[string]any{"subnet_id": "subnet-1", "tags": map[string]any{"a": "c"}}), ""), false},
		"immutable change":  {tok(prod, with(map[string]any{"subnet_id": "subnet-2", "tags": map[string]any{"a": "b"}}), ""), false},
		"other environment": {tok(desired.Identity{Project: "everruns", Environment: "staging"}, r, ""), false},
		"other project":     {tok(desired.Identity{Project: "other", Environment: "production"}, r, ""), false},
		"salted":            {tok(prod, r, "again"), false},
	} {
		if (c.got == base) != c.same {
			t.Errorf("%s: token equal to the base = %v, want %v", name, c.got == base, c.same)
		}
	}
}

func TestStepsRunInDeclaredOrderOnlyForChangedFields(t *testing.T) {
	var calls []string
	step := func(name string) func(context.Context, Change) error {
		return func(context.Context, Change) error { calls = append(calls, name); return nil }
	}
	steps := Steps{On(step("class"), "instance_class", "multi_az"), On(step("tags"), "tags"), On(step("size"), "allocated_storage")}
	r := desired.Resource{Address: "database.instance", Fields: map[string]any{"instance_class": "b", "multi_az": true, "allocated_storage": int64(20), "tags": map[string]any{"x": "y"}}}
	live := reconcile.Live{Fields: map[string]any{"instance_class": "a", "multi_az": false, "allocated_storage": int64(20), "tags": map[string]any{}}}
	for range 20 { // a map would reorder some of twenty runs
		calls = nil
		got, err := steps.Run(t.Context(), Change{ID: prod, Want: r, Live: live, Delta: drift.Delta(drift.Compare(r, true, live.Fields).Fields)})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"class", "tags"}, calls); diff != "" {
			t.Fatalf("calls (-want +got):\n%s", diff)
		}
		if got.Fields["instance_class"] != "b" || got.Fields["multi_az"] != true {
			t.Errorf("applied live = %v", got.Fields)
		}
	}
}

func TestStepsRefuseAFieldNoStepChangesBeforeAnyCall(t *testing.T) {
	called := false
	steps := Steps{On(func(context.Context, Change) error { called = true; return nil }, "tags")}
	r := desired.Resource{Fields: map[string]any{"identifier": "b", "tags": map[string]any{"x": "y"}}}
	live := map[string]any{"identifier": "a", "tags": map[string]any{}}
	_, err := steps.Run(t.Context(), Change{Want: r, Delta: drift.Delta(drift.Compare(r, true, live).Fields)})
	if !reconcile.IsTerminal(err) || called {
		t.Errorf("err = %v (terminal %v), a step was called: %v", err, reconcile.IsTerminal(err), called)
	}
}

func apiError(service, code string, status int) error {
	resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status}}
	err := &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: resp, Err: &smithy.GenericAPIError{Code: code}}}
	return &smithy.OperationError{ServiceID: service, OperationName: "Op", Err: err}
}

// A generic code means "not yet" only with the table's message: the same
// code with another message keeps its class.
func TestClassifierNotReadyByCodeAndMessage(t *testing.T) {
	c := NewClassifier(ErrorTable{Service: "ECS", Terminal: []string{"InvalidParameterException"},
		NotReadyWhen: []Message{{Code: "InvalidParameterException", Contains: "still Draining"}}})
	withMessage := func(code, msg string) error {
		resp := &smithyhttp.Response{Response: &http.Response{StatusCode: 400}}
		err := &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: resp, Err: &smithy.GenericAPIError{Code: code, Message: msg}}}
		return fmt.Errorf("create service: %w", &smithy.OperationError{ServiceID: "ECS", OperationName: "CreateService", Err: err})
	}
	if got := c.Classify(withMessage("InvalidParameterException", "Unable to Start a service that is still Draining.")); got != reconcile.ClassNotReady {
		t.Errorf("draining: %v, want not ready", got)
	}
	if got := c.Classify(withMessage("InvalidParameterException", "desiredCount must be positive")); got != reconcile.ClassTerminal {
		t.Errorf("another message: %v, want terminal", got)
	}
	if got := c.Classify(fmt.Errorf("still Draining: %w", withMessage("InvalidParameterException", "bad"))); got != reconcile.ClassTerminal {
		t.Errorf("the words in a wrapping error, not AWS's message: %v, want terminal", got)
	}
}

func TestClassifierUsesTablesThenTheStatus(t *testing.T) {
	c := NewClassifier(ErrorTable{Service: "RDS", NotFound: []string{"DBInstanceNotFound"},
		NotReady: []string{"InvalidDBInstanceState"}, Terminal: []string{"StorageQuotaExceeded"}})
	for name, tc := range map[string]struct {
		err  error
		want reconcile.Class
	}{
		"throttling, any service":            {apiError("ACM", "ThrottlingException", 400), reconcile.ClassTransient},
		"not ready from the table":           {apiError("RDS", "InvalidDBInstanceState", 400), reconcile.ClassNotReady},
		"terminal from the table on a 5xx":   {apiError("RDS", "StorageQuotaExceeded", 503), reconcile.ClassTerminal},
		"not found escaping is transient":    {apiError("RDS", "DBInstanceNotFound", 404), reconcile.ClassTransient},
		"unknown 4xx is terminal":            {apiError("RDS", "SomethingNew", 400), reconcile.ClassTerminal},
		"unknown 5xx is transient":           {apiError("RDS", "SomethingNew", 502), reconcile.ClassTransient},
		"same code, another service's table": {apiError("ECS", "InvalidDBInstanceState", 400), reconcile.ClassTerminal},
		"no AWS answer at all":               {errors.New("connection reset"), reconcile.ClassTransient},
	} {
		if got := c.Classify(tc.err); got != tc.want {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
}

func TestReaderKeepsTheFirstWrongTypeAndReadsTheRest(t *testing.T) {
	var rd Reader
	f := map[string]any{"name": "api", "count": "2", "on": 1, "blocks": []any{map[string]any{"port": int64(80)}, "x"}}
	if got := rd.String(f, "name"); got != "api" || rd.Err() != nil {
		t.Fatalf("String = %q, err %v", got, rd.Err())
	}
	rd.Int(f, "count")
	first := rd.Err()
	rd.Bool(f, "on")
	rd.Maps(f, "blocks")
	if first == nil || rd.Err() != first {
		t.Fatalf("err = %v, want the first one (%v)", rd.Err(), first)
	}
	if !strings.Contains(first.Error(), "count") || !reconcile.IsTerminal(first) {
		t.Errorf("first error %v should name the field and be terminal", first)
	}
	if _, err := Maps(f, "blocks"); err == nil {
		t.Error("a list with a non-block element was read as blocks")
	}
	if got, err := Maps(map[string]any{}, "blocks"); err != nil || got != nil {
		t.Errorf("absent blocks = %v, %v; want none", got, err)
	}
}

// Wanted says nothing outside a pass that knows the file, and the file's
// addresses of the kind inside one; Covers holds only when every wanted
// address is named.
func TestWantedAndCovers(t *testing.T) {
	if _, ok := Wanted(t.Context(), "ecs.service"); ok {
		t.Error("Wanted outside a pass said what the file wants")
	}
	ctx := reconcile.WithPassWanting(t.Context(), []desired.Resource{
		{Address: "service.api", Kind: "ecs.service"}, {Address: "service.ui", Kind: "ecs.service"}, {Address: "cluster.main", Kind: "ecs.cluster"}})
	want, ok := Wanted(ctx, "ecs.service")
	if !ok || len(want) != 2 || want[0] != "service.api" || want[1] != "service.ui" {
		t.Fatalf("Wanted = %v, %v; want the two services", want, ok)
	}
	if !Covers(map[desired.Address]bool{"service.api": true, "service.ui": true, "service.old": true}, want) {
		t.Error("Covers is false though every wanted address is named")
	}
	if Covers(map[desired.Address]bool{"service.api": true}, want) {
		t.Error("Covers is true though service.ui is not named")
	}
}
