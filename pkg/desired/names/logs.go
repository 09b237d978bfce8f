package names

// Kinds of CloudWatch Logs.
const (
	KindLogGroup = "logs.log_group"
)

// Field names of CloudWatch Logs's kinds (docs/resources.md).
var (
	LogGroup = kind[struct {
		LogGroupName    string `field:"log_group_name"`
		RetentionInDays string `field:"retention_in_days"`
		Tags            string `field:"tags"`
	}](KindLogGroup)
)
