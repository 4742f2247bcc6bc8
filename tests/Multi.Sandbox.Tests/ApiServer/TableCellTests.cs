using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer.Tables;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>The pure parts of the Table format: printer-column JSONPath and the ages the real server prints.</summary>
public sealed class TableCellTests
{
    private static readonly JsonNode Pool = JsonNode.Parse("""
        {
          "metadata": { "name": "blue", "labels": { "multi.dev/pool": "blue" } },
          "spec": { "cidr": "10.0.0.0/24", "ranges": [ { "start": "10.0.0.10" }, { "start": "10.0.0.20" } ] },
          "status": { "allocated": 3, "conditions": [ { "type": "Synced", "status": "False" }, { "type": "Ready", "status": "True" } ] }
        }
        """)!;

    [Theory]
    [InlineData(".spec.cidr", "\"10.0.0.0/24\"")]
    [InlineData("{.spec.cidr}", "\"10.0.0.0/24\"")]
    [InlineData(".status.allocated", "3")]
    [InlineData(".spec.ranges[0].start", "\"10.0.0.10\"")]
    [InlineData(".spec.ranges[-1].start", "\"10.0.0.20\"")]
    [InlineData(".spec.ranges[*].start", "\"10.0.0.10\",\"10.0.0.20\"")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type=='Synced')].status", "\"False\"")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "\"Synced\"")]
    [InlineData(".metadata.labels['multi.dev/pool']", "\"blue\"")]
    [InlineData(".spec.missing", "")]
    [InlineData(".spec.ranges[5].start", "")]
    public void Evaluate_PrinterColumnPath_FindsTheValues(string path, string expected)
    {
        var found = SimpleJsonPath.Evaluate(Pool, path);

        Assert.Equal(expected, string.Join(',', found.Select(n => n.ToJsonString())));
    }

    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(303, "5m3s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(4 * 3600 + 12 * 60, "4h12m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(200 * 86400, "200d")]
    [InlineData(2 * 365 * 86400 + 10 * 86400, "2y10d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void Format_Duration_PrintsTheRealServersAge(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Since_MissingOrBadTimestamp_PrintsUnknownOrInvalid()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal("<unknown>", HumanDuration.Since(null, now));
        Assert.Equal("<invalid>", HumanDuration.Since("yesterday", now));
        Assert.Equal("90s", HumanDuration.Since("2025-12-31T23:58:30Z", now));
    }
}
