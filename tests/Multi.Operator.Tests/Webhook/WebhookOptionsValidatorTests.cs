using Multi.Operator.Webhook;

namespace Multi.Operator.Tests.Webhook;

public sealed class WebhookOptionsValidatorTests
{
    [Theory]
    [InlineData("Address", "not-an-ip", "Operator:Webhook:Address \"not-an-ip\" is not an IP address")]
    [InlineData("Port", "0", "Operator:Webhook:Port must be 1–65535, not 0")]
    [InlineData("Port", "70000", "Operator:Webhook:Port must be 1–65535")]
    [InlineData("CertDir", "relative/dir", "Operator:Webhook:CertDir \"relative/dir\" must be an absolute path")]
    [InlineData("CertCheckInterval", "00:00:00.01", "Operator:Webhook:CertCheckInterval must be 100 ms – 1 h")]
    [InlineData("MultusNamespace", "Kube_System", "Operator:Webhook:MultusNamespace \"Kube_System\" is not a namespace name")]
    [InlineData("GlobalNamespaces", "default, Bad", "Operator:Webhook:GlobalNamespaces \"default, Bad\" must be a comma list of namespace names")]
    [InlineData("VlanClash", "deny", "Operator:Webhook:VlanClash must be Deny or Warn, not \"deny\"")]
    [InlineData("VlanClash", "Warn", null)]
    [InlineData("Address", "::", null)]
    [InlineData("GlobalNamespaces", "default, shared", null)]
    public void Validate_EnabledOptions_NamesTheBadOne(string option, string value, string? message)
    {
        var options = new WebhookOptions { Enabled = true };
        switch (option)
        {
            case "Address": options.Address = value; break;
            case "Port": options.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "CertDir": options.CertDir = value; break;
            case "CertCheckInterval": options.CertCheckInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MultusNamespace": options.MultusNamespace = value; break;
            case "VlanClash": options.VlanClash = value; break;
            default: options.GlobalNamespaces = value; break;
        }

        var errors = new WebhookOptionsValidator().Validate(options).Errors.Select(e => e.ErrorMessage).ToList();

        if (message is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_Disabled_CertDirNotChecked() =>
        Assert.True(new WebhookOptionsValidator().Validate(new WebhookOptions { CertDir = "relative" }).IsValid);
}
