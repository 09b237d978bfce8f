package dynamodb

// reserved holds DynamoDB reserved words that attribute names commonly
// collide with; such a name must be written through a #placeholder. AWS's
// list has about 570 words; this is the subset an application is likely to
// use as an attribute name, so the fake may accept a rarer reserved word
// that AWS would refuse, never the reverse.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
var reserved = map[string]bool{
	"ACTION": true, "ALL": true, "AND": true, "BETWEEN": true, "BY": true,
	"COUNT": true, "DATA": true, "DATE": true, "DELETE": true, "DURATION": true,
	"END": true, "EXISTS": true, "FROM": true, "GROUP": true,
	"HASH": true, "IN": true, "INDEX": true, "KEY": true, "LEVEL": true,
	"LIMIT": true, "NAME": true, "NOT": true, "NULL": true, "OR": true,
	"ORDER": true, "OWNER": true, "PATH": true, "RANGE": true, "SELECT": true,
	"SET": true, "SIZE": true, "START": true, "STATUS": true, "TABLE": true,
	"TIME": true, "TIMESTAMP": true, "TOKEN": true, "TTL": true, "TYPE": true,
	"USER": true, "VALUE": true, "VALUES": true, "WHERE": true,
}
