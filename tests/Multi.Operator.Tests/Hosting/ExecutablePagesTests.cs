using Multi.Operator.Hosting;

namespace Multi.Operator.Tests.Hosting;

public sealed class ExecutablePagesTests
{
    private const string Exe = "/opt/multi/operator/Multi.Operator";

    private static string Mapping(string range, string perms, string path, int anonymousKb) =>
        $"{range} {perms} 00000000 fd:01 4242                       {path}\nSize:               4 kB\nRss:                4 kB\n"
        + $"Anonymous:         {anonymousKb} kB\nVmFlags: rd mr mw me\n";

    [Theory]
    [InlineData("r--p", 0, true)]
    [InlineData("r-xp", 0, true)]
    [InlineData("r--p", 4, false)] // relocated RELRO data: copy-on-write pages would be lost
    [InlineData("rw-p", 0, false)] // writable: dropping it could lose data
    [InlineData("rw-p", 8, false)]
    public void ReadOnlyRanges_OneMappingOfTheExecutable_KeepsOnlyReadOnlyWithoutAnonymousPages(string perms, int anonymousKb, bool released)
    {
        var ranges = ExecutablePages.ReadOnlyRanges(Mapping("55ab1563a000-55ab162a9000", perms, Exe, anonymousKb), Exe);

        Assert.Equal(released ? [new ExecutablePages.Range(0x55ab1563a000, 0x55ab162a9000)] : [], ranges);
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/libc.so.6")]
    [InlineData("/opt/multi/operator/Multi.Operator (deleted)")]
    [InlineData("/opt/multi/operator/Multi.Operator.dbg")]
    [InlineData("")]
    public void ReadOnlyRanges_OtherFileOrAnonymous_NotReleased(string path)
    {
        Assert.Empty(ExecutablePages.ReadOnlyRanges(Mapping("7f0000000000-7f0000010000", "r-xp", path, 0), Exe));
    }

    [Fact]
    public void ReadOnlyRanges_SeveralMappings_ReturnsTheDroppableOnesInOrder()
    {
        var smaps = Mapping("1000-2000", "r--p", Exe, 0) + Mapping("2000-5000", "r-xp", Exe, 0) + Mapping("5000-6000", "r--p", Exe, 4)
            + Mapping("6000-7000", "rw-p", Exe, 0) + Mapping("7000-8000", "r--p", "/lib/libm.so.6", 0) + Mapping("8000-9000", "---p", "", 0);

        var ranges = ExecutablePages.ReadOnlyRanges(smaps, Exe);

        Assert.Equal([new ExecutablePages.Range(0x1000, 0x2000), new ExecutablePages.Range(0x2000, 0x5000)], ranges);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not smaps at all\nAnonymous: 0 kB\n")]
    [InlineData("zz-1000 r--p 0 fd:01 1 /opt/multi/operator/Multi.Operator\nAnonymous: 0 kB\n")]
    [InlineData("2000-1000 r--p 0 fd:01 1 /opt/multi/operator/Multi.Operator\nAnonymous: 0 kB\n")]
    public void ReadOnlyRanges_MalformedText_ReturnsNothing(string smaps)
    {
        Assert.Empty(ExecutablePages.ReadOnlyRanges(smaps, Exe));
    }

    [Fact]
    public async Task Release_ThisProcessHost_UnmapsItsReadOnlyPagesAndTheProcessKeepsRunningThem()
    {
        // The test host (dotnet) stands in for the operator's executable: its code is unmapped and faulted back in on use.
        var host = Environment.ProcessPath!;
        var expected = ExecutablePages.ReadOnlyRanges(File.ReadAllText("/proc/self/smaps"), host).Sum(r => (long)(r.End - r.Start));

        var released = ExecutablePages.Release(host);

        Assert.True(expected > 0, $"the test host {host} has read-only mappings");
        Assert.Equal(expected, released);
        Assert.Equal(4, await Task.Run(() => 2 + 2, TestContext.Current.CancellationToken));
    }
}
