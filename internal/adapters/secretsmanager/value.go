package secretsmanager

import (
	"encoding/json"
	"net"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Keys of the database secret's value (desired.DatabaseSecretKeys).
const (
	keyUsername = "username"
	keyPassword = "password"
	keyHost     = "host"
	keyPort     = "port"
	keyDatabase = "database"
	keyURL      = "connection_string"
)

// facts are what a value tells without being kept: its keys and, for a
// database secret, everything but the password.
type facts struct {
	keys    []string // sorted
	object  bool     // the value is a JSON object
	created time.Time
	db      dbFacts
}

// dbFacts describe a database secret's value. coherent says that
// connection_string is exactly the one its other keys give, password
// included, so a client reading either connects alike.
type dbFacts struct {
	username, database, host, sslmode string
	port                              int64
	hasPassword, coherent             bool
}

// readFacts parses a value. A JSON error is never kept: its text can
// quote the value.
func readFacts(s *string, created time.Time) facts {
	f := facts{created: created}
	if s == nil {
		return f
	}
	var m map[string]any
	if json.Unmarshal([]byte(*s), &m) != nil {
		return f
	}
	f.object = true
	for k := range m {
		f.keys = append(f.keys, k)
	}
	slices.Sort(f.keys)
	f.db = readDB(m)
	return f
}

func readDB(m map[string]any) dbFacts {
	str := func(k string) string { s, _ := m[k].(string); return s }
	d := dbFacts{username: str(keyUsername), database: str(keyDatabase), host: str(keyHost), hasPassword: str(keyPassword) != ""}
	d.port = portOf(m[keyPort])
	if u, err := url.Parse(str(keyURL)); err == nil {
		d.sslmode = u.Query().Get("sslmode")
	}
	d.coherent = d.host != "" && str(keyURL) == connectionString(d.username, str(keyPassword), d.host, d.port, d.database, d.sslmode)
	return d
}

// portOf reads a port written as a number (the RDS shape) or a string.
func portOf(v any) int64 {
	switch p := v.(type) {
	case float64:
		return int64(p)
	case string:
		n, _ := strconv.ParseInt(p, 10, 64)
		return n
	}
	return 0
}

// connectionString is postgres://user:pass@host:port/db?sslmode=…, the
// user and password escaped as URL user information.
func connectionString(user, password, host string, port int64, db, sslmode string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword(user, password),
		Host: net.JoinHostPort(host, strconv.FormatInt(port, 10)), Path: "/" + db}
	u.RawQuery = url.Values{"sslmode": {sslmode}}.Encode()
	return u.String()
}

// dbValue is the database secret's value: the declared keys, host, port
// and connection_string empty until the instance exists.
type dbValue struct {
	Username         string `json:"username"`
	Password         string `json:"password"`
	Host             string `json:"host"`
	Port             int64  `json:"port"`
	Database         string `json:"database"`
	ConnectionString string `json:"connection_string"`
}

func (v dbValue) complete(sslmode string) dbValue {
	v.ConnectionString = connectionString(v.Username, v.Password, v.Host, v.Port, v.Database, sslmode)
	return v
}

func (v dbValue) encode() string {
	b, _ := json.Marshal(v) // strings and an integer: cannot fail
	return string(b)
}

// missing lists the keys of want that have is without.
func missing(want, have []string) []string {
	var out []string
	for _, k := range want {
		if !slices.Contains(have, k) {
			out = append(out, k)
		}
	}
	return out
}
