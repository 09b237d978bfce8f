package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
)

func clusterDecode(t *testing.T, out string) report {
	t.Helper()
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("diff -o json is not JSON: %v\n%s", err, out)
	}
	return r
}

// clusterNamespaceARN is the ARN of the file's namespace.
func clusterNamespaceARN(t *testing.T, c clusterClients) string {
	t.Helper()
	name := clusterField(t, "cluster.namespace", "name")
	out, err := c.sd.ListNamespaces(t.Context(), &sd.ListNamespacesInput{})
	must(t, "ListNamespaces", err)
	for _, ns := range out.Namespaces {
		if aws.ToString(ns.Name) == name {
			return aws.ToString(ns.Arn)
		}
	}
	t.Fatalf("namespace %s not found", name)
	return ""
}

// clusterDiscoveryID is the ID of the discovery service named name.
func clusterDiscoveryID(t *testing.T, c clusterClients, name string) string {
	t.Helper()
	out, err := c.sd.ListServices(t.Context(), &sd.ListServicesInput{})
	must(t, "ListServices", err)
	for _, s := range out.Services {
		if aws.ToString(s.Name) == name {
			return aws.ToString(s.Id)
		}
	}
	t.Fatalf("discovery service %s not found", name)
	return ""
}

// clusterAwaitTTL polls, with a deadline, until the person's asynchronous
// UpdateService has taken effect.
func clusterAwaitTTL(t *testing.T, c clusterClients, name string, ttl int64) {
	t.Helper()
	id := clusterDiscoveryID(t, c, name)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		out, err := c.sd.GetService(t.Context(), &sd.GetServiceInput{Id: aws.String(id)})
		must(t, "GetService", err)
		if recs := out.Service.DnsConfig.DnsRecords; len(recs) == 1 && aws.ToInt64(recs[0].TTL) == ttl {
			return
		}
		time.Sleep(natTime / 5) // the fake's live clock settles the operation after natTime
	}
	t.Fatalf("TTL of %s never became %d", name, ttl)
}
