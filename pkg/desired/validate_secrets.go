package desired

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var (
	secretName = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)
	// A name ending in "-" plus six characters would be mistaken for the
	// random suffix Secrets Manager adds to ARNs.
	secretSuffix = regexp.MustCompile(`-[A-Za-z0-9]{6}$`)
	jsonKey      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,127}$`)
	domainLabel  = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
)

func itoa(i int) string { return strconv.Itoa(i) }

func (v *validator) secrets() {
	for k, s := range v.env.Secrets {
		base := "secrets." + k
		v.shortName(base, k)
		if !secretName.MatchString(s.Name) || secretSuffix.MatchString(s.Name) {
			v.errorf(base+".name", "secret name %q: 1–512 of letters, digits and /_+=.@-, not ending in a hyphen and six characters", s.Name)
		}
		switch s.Source {
		case SourceOperator:
			if len(s.Keys) == 0 {
				v.errorf(base, "secret %q: declare the JSON keys its value carries (keys: [...])", k)
			}
		case SourceDatabase:
			if v.env.Database == nil || v.env.Database.CredentialsSecret != k {
				v.errorf(base+".source", "secret %q has source: database but is not the database's credentials_secret", k)
			}
			if !slices.Equal(sortedCopy(s.Keys), sortedCopy(DatabaseSecretKeys)) {
				v.errorf(base+".keys", "a database secret carries exactly the keys %s", strings.Join(DatabaseSecretKeys, ", "))
			}
		default:
			v.errorf(base+".source", "source %q: use database or operator", s.Source)
		}
		seen := map[string]bool{}
		for i, key := range s.Keys {
			path := base + ".keys[" + itoa(i) + "]"
			if !jsonKey.MatchString(key) {
				v.errorf(path, "key %q: letters, digits, _ . -, starting with a letter or _", key)
			}
			if seen[key] {
				v.errorf(path, "key %q is listed twice", key)
			}
			seen[key] = true
		}
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func (v *validator) certificates() {
	for k, c := range v.env.Certificates {
		base := "certificates." + k
		v.shortName(base, k)
		v.domain(base+".domain", c.Domain)
		for i, n := range c.SubjectAlternativeNames {
			v.domain(base+".subject_alternative_names["+itoa(i)+"]", n)
		}
		if c.Validation != "dns" {
			v.errorf(base+".validation", "validation %q: only dns is supported (the reconciler reports the CNAME records to create)", c.Validation)
		}
	}
}

// domain checks a fully qualified name; "*." is allowed as the first label.
func (v *validator) domain(path, d string) {
	if !validDomain(d) {
		v.errorf(path, "%q is not a valid domain name", d)
	}
}

func validDomain(d string) bool {
	d = strings.TrimPrefix(d, "*.")
	labels := strings.Split(d, ".")
	if len(d) == 0 || len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !domainLabel.MatchString(l) {
			return false
		}
	}
	// The top-level domain is never all digits (that would be an IP address).
	_, err := strconv.Atoi(labels[len(labels)-1])
	return err != nil
}

// secretRef checks that ref names a declared secret and one of its keys.
func (v *validator) secretRef(path string, ref SecretRef) {
	s, ok := v.env.Secrets[ref.Secret]
	if !ok {
		v.errorf(path+".secret", "secret %q is not declared under secrets", ref.Secret)
		return
	}
	if !slices.Contains(s.Keys, ref.Key) {
		v.errorf(path+".key", "secret %q declares no key %q (it has: %s)", ref.Secret, ref.Key, strings.Join(s.Keys, ", "))
	}
}
