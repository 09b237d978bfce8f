// Package acm fakes AWS Certificate Manager for DNS-validated public
// certificates: a certificate is PENDING_VALIDATION until the validation
// CNAME of each of its domains exists, and ISSUED Timing.CertificateDNS
// later (https://docs.aws.amazon.com/acm/latest/APIReference/).
//
// The fake has no DNS, so a test says when a CNAME "exists": MarkValidated,
// or POST /_devcloud/acm/validate?arn=ARN (or ?domain=DOMAIN).
package acm

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake ACM.
type Service struct {
	env *core.Env

	mu     sync.Mutex
	certs  map[string]*certificate // by ARN
	cnames map[string]time.Time    // validation record name → when it was created
}

// New returns the fake ACM and answers env.Dir.CertificateStatus.
func New(env *core.Env) *Service {
	s := &Service{env: env, certs: map[string]*certificate{}, cnames: map[string]time.Time{}}
	env.Dir.CertificateStatus = s.status
	env.Dir.AddTagged(s.tagged)
	return s
}

func (s *Service) Name() string            { return "acm" }
func (s *Service) Protocol() core.Protocol { return core.JSON }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"RequestCertificate":        s.requestCertificate,
		"DescribeCertificate":       s.describeCertificate,
		"ListCertificates":          s.listCertificates,
		"DeleteCertificate":         s.deleteCertificate,
		"AddTagsToCertificate":      s.addTags,
		"ListTagsForCertificate":    s.listTags,
		"RemoveTagsFromCertificate": s.removeTags,
	}
}

// status answers other services (an HTTPS listener needs an ISSUED
// certificate).
func (s *Service) status(arn string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.certs[arn]
	if !ok {
		return "", false
	}
	return c.status(s.env.Clock.Now(), s.env.Timing.CertificateDNS, s.cnames), true
}

// MarkValidated records the validation CNAMEs of every domain of the
// certificate as created, as if someone had added them to the zone. It
// reports whether the certificate exists.
func (s *Service) MarkValidated(arn string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.certs[arn]
	if !ok {
		return false
	}
	for _, d := range c.domains() {
		s.recordCNAME(d)
	}
	return true
}

// MarkDomainValidated records the validation CNAME of one domain: every
// certificate of the account for that domain shares it, as in ACM.
func (s *Service) MarkDomainValidated(domain string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordCNAME(domain)
}

// recordCNAME keeps the first creation time: re-adding a record that
// exists does not restart validation. The caller holds s.mu.
func (s *Service) recordCNAME(domain string) {
	name, _ := validationRecord(domain)
	if _, ok := s.cnames[name]; !ok {
		s.cnames[name] = s.env.Clock.Now()
	}
}

// Hooks serves POST /_devcloud/acm/validate?arn=ARN or ?domain=DOMAIN.
func (s *Service) Hooks() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{"validate": func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "use POST", http.StatusMethodNotAllowed)
			return
		}
		arn, domain := r.URL.Query().Get("arn"), r.URL.Query().Get("domain")
		switch {
		case arn != "":
			if !s.MarkValidated(arn) {
				http.Error(w, "no certificate "+arn, http.StatusNotFound)
				return
			}
		case domain != "":
			s.MarkDomainValidated(domain)
		default:
			http.Error(w, "give arn= or domain=", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}}
}

// validationRecord is the CNAME ACM asks for: derived from the account and
// the domain (a wildcard is validated by its base domain), so it is the
// same for every certificate of the account that names the domain.
func validationRecord(domain string) (name, value string) {
	base := strings.TrimPrefix(strings.ToLower(domain), "*.")
	h := sha256.Sum256([]byte(core.AccountID + "/" + base))
	x := hex.EncodeToString(h[:])
	return "_" + x[:32] + "." + base + ".", "_" + x[32:64] + ".acm-validations.aws."
}

// sorted returns the certificates by creation, then ARN, for stable paging.
// The caller holds s.mu.
func (s *Service) sorted() []*certificate {
	out := make([]*certificate, 0, len(s.certs))
	for _, c := range s.certs {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].created.Equal(out[j].created) {
			return out[i].created.Before(out[j].created)
		}
		return out[i].arn < out[j].arn
	})
	return out
}
