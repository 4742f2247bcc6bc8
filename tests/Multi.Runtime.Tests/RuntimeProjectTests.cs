namespace Multi.Runtime.Tests;

public sealed class RuntimeProjectTests
{
    [Fact]
    public void Assembly_Loads_WithItsName() => Assert.Equal("Multi.Runtime", typeof(RuntimeMarker).Assembly.GetName().Name);
}
