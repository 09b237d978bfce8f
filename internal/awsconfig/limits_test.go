package awsconfig

import (
	"context"
	"testing"
	"time"
)

func TestFamilyOf(t *testing.T) {
	for op, want := range map[string]Family{
		"DescribeVpcs": Read, "ListTagsForResource": Read, "GetSecretValue": Read,
		"CreateVpc": Mutate, "UpdateService": Mutate, "RegisterTaskDefinition": Mutate,
		"TagResource": Mutate, "PutSecretValue": Mutate,
	} {
		if got := FamilyOf(op); got != want {
			t.Errorf("FamilyOf(%s) = %s, want %s", op, got, want)
		}
	}
}

// The buckets are AWS's documented sizes, and a family that is used up
// holds up neither another family nor another service (nor, for EC2,
// another API): those have buckets of their own.
func TestAWSShapedBucketsAreIndependentAndSized(t *testing.T) {
	l := NewAWSShaped()
	for _, tc := range []struct {
		service, op string
		burst       int
		refill      float64
	}{
		{"EC2", "DescribeVpcs", 100, 20},
		{"EC2", "CreateVpc", 50, 5},
		{"ECS", "DescribeServices", 50, 20},
		{"ECS", "UpdateService", 50, 5},
		{"RDS", "DescribeDBInstances", 50, 20},
		{"RDS", "CreateDBInstance", 50, 5},
	} {
		b := l.bucket(tc.service, tc.op)
		if b.Burst() != tc.burst || float64(b.Limit()) != tc.refill {
			t.Errorf("%s %s: bucket %d refilled at %v/s, want %d at %v/s", tc.service, tc.op, b.Burst(), b.Limit(), tc.burst, tc.refill)
		}
	}
	same := func(s1, op1, s2, op2 string) bool { return l.bucket(s1, op1) == l.bucket(s2, op2) }
	if same("EC2", "DescribeVpcs", "EC2", "DescribeSubnets") {
		t.Error("EC2's DescribeVpcs and DescribeSubnets share a bucket: EC2 counts each API on its own")
	}
	if !same("ECS", "DescribeServices", "ECS", "ListServices") {
		t.Error("ECS's service reads have a bucket each: ECS counts per group of actions")
	}
	if same("ECS", "RegisterTaskDefinition", "ECS", "CreateService") {
		t.Error("ECS's task definition and service writes share a bucket: ECS groups actions by what they act on")
	}
	if same("ECS", "DescribeServices", "ECS", "UpdateService") || same("ECS", "DescribeServices", "RDS", "DescribeDBInstances") {
		t.Error("reads share a bucket with writes, or one service with another")
	}
}

// Wait takes a token from the right bucket: once ECS's reads are used up,
// an ECS write and an EC2 read still go at once.
func TestAWSShapedWaitDrawsFromItsBucket(t *testing.T) {
	l := NewAWSShaped()
	reads := l.bucket("ECS", "DescribeServices")
	for reads.Allow() {
	}
	// A wait from the drained bucket would take about 50 ms (one token at
	// 20/s), past this deadline, so Wait would fail at once.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx, "ECS", "UpdateService"); err != nil {
		t.Errorf("ECS write after the reads were used up: %v", err)
	}
	if err := l.Wait(ctx, "EC2", "DescribeVpcs"); err != nil {
		t.Errorf("EC2 read after ECS's reads were used up: %v", err)
	}
	if err := l.Wait(ctx, "ECS", "ListServices"); err == nil {
		t.Error("an ECS read went at once although the ECS read bucket was drained")
	}
}

func TestGlobalIsOneBucketForEverything(t *testing.T) {
	g := NewGlobal(20, 40)
	for g.l.Allow() {
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if err := g.Wait(ctx, "RDS", "DescribeDBInstances"); err == nil {
		t.Error("another service went at once after the one bucket was drained")
	}
}
