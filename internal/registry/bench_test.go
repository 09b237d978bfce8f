package registry

import "testing"

// BenchmarkResolve is one pass's resolution of two digest-policy
// containers (api, migrate) against the in-process registry: its wall
// time and the registry requests it makes (reported per pass).
func BenchmarkResolve(b *testing.B) {
	reg := newTestRegistry(b)
	reg.push(b, "everruns/api", "v1")
	reg.push(b, "everruns/admin", "v1")
	env := loadEnv(b, reg.host, "v1", "digest", false)
	resources := env.Resources()
	r := &Resolver{}
	before := reg.total()
	heads := reg.count("HEAD")
	for b.Loop() {
		if _, troubles, err := r.Resolve(b.Context(), env, resources); err != nil || len(troubles) > 0 {
			b.Fatal(err, troubles)
		}
	}
	b.ReportMetric(float64(reg.total()-before)/float64(b.N), "requests/pass")
	b.ReportMetric(float64(reg.count("HEAD")-heads)/float64(b.N), "HEADs/pass")
}
