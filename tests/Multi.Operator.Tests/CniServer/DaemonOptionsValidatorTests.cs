using Multi.Operator.NodeAgent.CniServer;

namespace Multi.Operator.Tests.CniServer;

public sealed class DaemonOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var options = new DaemonOptions();

        var result = new DaemonOptionsValidator().Validate(options);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.False(options.Enabled);
        Assert.Equal("/run/multi/multi.sock", options.SocketPath);
        Assert.Equal(2 * Environment.ProcessorCount, options.MaxConcurrent);
        Assert.Equal(128, options.MaxQueued);
        Assert.Equal(TimeSpan.FromSeconds(120), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ShutdownTimeout);
    }

    [Theory]
    [InlineData("SocketPath", "run/multi.sock")]
    [InlineData("SocketPath", "")]
    [InlineData("SocketPath", "/multi.sock")]
    [InlineData("SocketPath", "/run/multi/")]
    [InlineData("SocketPath", "/run/multi/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock")]
    [InlineData("MaxConcurrent", "0")]
    [InlineData("MaxQueued", "-1")]
    [InlineData("RequestTimeout", "00:00:00")]
    [InlineData("ShutdownTimeout", "-00:00:01")]
    public void Validate_BadValue_NamesTheOption(string option, string value)
    {
        var options = new DaemonOptions();
        var property = typeof(DaemonOptions).GetProperty(option)!;
        property.SetValue(options, property.PropertyType == typeof(string) ? value
            : property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new DaemonOptionsValidator().Validate(options);

        Assert.Contains(result.Errors, e => e.ErrorMessage.StartsWith("Operator:Daemon:" + option, StringComparison.Ordinal));
    }
}
