package e2e

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/cli"
)

// dtDaemon is `reconciler run` over the data tiers, passing every 50 ms.
type dtDaemon struct {
	base   string
	stderr *lockedBuffer
	stop   func() int
}

func startDTDaemon(t *testing.T) *dtDaemon {
	ctx, cancel := context.WithCancel(t.Context())
	d := &dtDaemon{stderr: &lockedBuffer{}}
	stdout := &lockedBuffer{}
	done := make(chan int, 1)
	args := append([]string{"run", "-f", envFile, "--poll-interval", poll, "--interval", "50ms",
		"--listen", "127.0.0.1:0", "--log-format", "json"}, dtTargets...)
	go func() { done <- cli.Main(ctx, args, cli.IO{Stdout: stdout, Stderr: d.stderr}) }()
	d.base = "http://" + listenAddr(t, d.stderr, done)
	d.stop = func() int {
		cancel()
		code := <-done
		d.stderr.Write([]byte(stdout.String()))
		return code
	}
	return d
}

var dtPendingLine = regexp.MustCompile(`reconciler_certificate_pending_validation\{address="certificate\.main",record_name="(_[0-9a-f]+\.poc\.everruns\.com\.)"\} 1`)

// The daemon over the data tiers: while the certificate waits for its
// CNAME, /metrics names the record to create; once validated, it gives
// the expiry instead. Everything the command line and the daemon printed
// or served over the run, in every format, is then scanned for the
// generated database password and the operators' values.
func TestDataTierDaemonMetricsAndNoSecretValueAnywhere(t *testing.T) {
	s := newDTSession(t)
	d := startDTDaemon(t)
	var served []string
	var pendingRecord string
	eventually(t, "the certificate's pending validation in /metrics", func() bool {
		m := dtFindLine(dtPendingLine, get(t, d.base+"/metrics").body)
		pendingRecord = m
		return m != ""
	})
	if name := aws.ToString(s.certificate().DomainValidationOptions[0].ResourceRecord.Name); name != pendingRecord {
		t.Errorf("the metric names record %q, the certificate %q", pendingRecord, name)
	}
	served = append(served, get(t, d.base+"/drift").body, get(t, d.base+"/metrics").body)

	s.putOperatorValues()
	s.validate()
	eventually(t, "the certificate's expiry in /metrics and no pending validation", func() bool {
		m := get(t, d.base+"/metrics").body
		return strings.Contains(m, `reconciler_certificate_expiry_timestamp_seconds{address="certificate.main"} `) &&
			!strings.Contains(m, "reconciler_certificate_pending_validation{") && metricAtLeast(m, `reconciler_passes_total{result="success"}`, 1)
	})
	if r := get(t, d.base+"/drift"); r.code != http.StatusOK || !strings.Contains(r.body, `"in_sync": true`) && !strings.Contains(r.body, `"in_sync":true`) {
		t.Errorf("/drift after convergence: %d %s", r.code, r.body)
	}
	served = append(served, get(t, d.base+"/drift").body, get(t, d.base+"/metrics").body)
	if code := d.stop(); code != cli.ExitOK {
		t.Errorf("run exit %d", code)
	}
	served = append(served, d.stderr.String())

	// The command line in every format, in sync and with a change to show.
	for _, format := range []string{"text", "json", "markdown"} {
		s.run("diff", "-o", format)
	}
	s.apply()
	s.withFile("backup_retention_days: 7", "backup_retention_days: 9")
	for _, format := range []string{"text", "json", "markdown"} {
		if code, out := s.run("diff", "-o", format); code != cli.ExitChanges {
			t.Errorf("diff -o %s of a changed file: exit %d\n%s", format, code, out)
		}
	}
	s.apply()
	dtScan(t, append(served, s.out...), s.secretValues())
}

func dtFindLine(re *regexp.Regexp, text string) string {
	if m := re.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}
