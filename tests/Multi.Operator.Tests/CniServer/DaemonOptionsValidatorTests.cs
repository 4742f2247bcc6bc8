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

    [Theory]
    [InlineData(0, 600, true)]
    [InlineData(16, 600, true)]
    [InlineData(64, 10, true)]
    [InlineData(64, 86400, true)]
    [InlineData(15, 600, false)]
    [InlineData(1, 600, false)]
    [InlineData(65, 600, false)]
    [InlineData(-16, 600, false)]
    [InlineData(16, 9, false)]
    [InlineData(16, 86401, false)]
    public void Validate_Reservations_StockIsOffOr16To64_IdleTimeoutIs10sTo1Day(int stock, int idleSeconds, bool valid)
    {
        var options = new DaemonOptions { Reservations = { Enabled = true, StockSize = stock, IdleTimeout = TimeSpan.FromSeconds(idleSeconds) } };

        var result = new DaemonOptionsValidator().Validate(options);

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.StartsWith("Operator:Daemon:Reservations:", e.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void Reservations_Defaults_AreOffWithAStockOf16AndTenMinutes()
    {
        var options = new DaemonOptions().Reservations;

        Assert.Equal((false, 16, TimeSpan.FromMinutes(10), false), (options.Enabled, options.StockSize, options.IdleTimeout, options.Active));
        Assert.False(new Multi.Operator.NodeAgent.CniServer.Reservations.NodeReservationOptions { Enabled = true, StockSize = 0 }.Active);
    }
}
