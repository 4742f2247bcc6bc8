using Multi.Core.Tests.Support;
using Multi.Core.Validation;
using Xunit;

namespace Multi.Core.Tests.Validation;

public sealed class ClusterNetworkValidatorTests
{
    private static readonly ClusterNetworkValidator Validator = new();

    [Theory]
    [InlineData("blue", "{}")]
    [InlineData("blue.example", "{}")]
    [InlineData("blue", """{"ipam":{"pool":{"cidr":"10.0.0.0/24"}}}""")]
    public void Validate_ValidName_NoErrors(string name, string patch) =>
        Assert.Empty(Validator.Validate(name, SampleNetworks.Spec(patch)).Errors);

    [Theory]
    [InlineData("Blue", "{}", "metadata.name", "metadata.name \"Blue\" is not a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253)")]
    [InlineData("", "{}", "metadata.name", "metadata.name \"\" is not a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253)")]
    [InlineData("blue.example", """{"ipam":{"pool":{"cidr":"10.0.0.0/24"}}}""", "metadata.name", "metadata.name \"blue.example\" must be a DNS-1123 label (at most 63, no '.') with an inline ipam.pool: the IPPool is named after the network")]
    [InlineData("blue", """{"mtu":1}""", "spec.mtu", "mtu 1 is outside 68–65535")]
    public void Validate_BadNameOrSpec_NamesObjectPath(string name, string patch, string path, string message)
    {
        var error = Assert.Single(Validator.Validate(name, SampleNetworks.Spec(patch)).Errors);

        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
    }
}
