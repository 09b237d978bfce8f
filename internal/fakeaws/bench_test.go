package fakeaws_test

import (
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// BenchmarkMixedCalls measures the whole fake: real v2 clients over
// loopback HTTP, several goroutines, a mix of Query (STS, IAM), JSON (Logs)
// and EC2 calls. It reports calls/s; see BENCHMARKS.md.
func BenchmarkMixedCalls(b *testing.B) {
	_, cfg := fakeawstest.Start(b)
	// One transport with enough idle connections for every goroutine, so
	// the benchmark measures the fake, not TCP handshakes.
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	stsC, iamC, logsC, ec2C := sts.NewFromConfig(cfg), iam.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg), ec2.NewFromConfig(cfg)
	ctx := b.Context()
	if _, err := iamC.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("bench"), AssumeRolePolicyDocument: aws.String(`{"Statement":[]}`)}); err != nil {
		b.Fatal(err)
	}
	if _, err := logsC.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/bench")}); err != nil {
		b.Fatal(err)
	}
	calls := []func() error{
		func() error { _, err := stsC.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); return err },
		func() error {
			_, err := iamC.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("bench")})
			return err
		},
		func() error {
			_, err := logsC.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/bench")})
			return err
		},
		func() error { _, err := ec2C.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}); return err },
	}
	var n atomic.Int64
	b.SetParallelism(4) // 4 × GOMAXPROCS goroutines
	cpu0 := cpuTime(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := calls[n.Add(1)%int64(len(calls))](); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
	// CPU time per call (client and server, both in this process) does not
	// depend on what else the shared machine runs, unlike calls/s.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N), "cpu-µs/call")
}

// cpuTime is the user plus system CPU time of this process so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
