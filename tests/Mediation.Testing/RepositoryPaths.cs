namespace Mediation.Testing;

/// <summary>Where things are in this repository, found from the running test assembly.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ServerProject => Path.Combine(Root, "src", "Mediation.Server");

    /// <summary>The server as the build left it, in the same configuration as the running tests.</summary>
    public static string ServerDll
    {
        get
        {
            // The tests run from bin/<Configuration>/net10.0/.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(ServerProject, "bin", configuration, "net10.0", "Mediation.Server.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first.", dll);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mediation.Online.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mediation.Online.sln not found above " + AppContext.BaseDirectory);
    }
}
