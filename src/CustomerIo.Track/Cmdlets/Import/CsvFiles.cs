using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace CustomerIo.Track.Cmdlets.Import
{
    /// <summary>
    /// -Path (wildcards) and -LiteralPath to file-system paths, as Import-Csv resolves them. A path that
    /// names nothing, a folder or another provider's item is one ErrorRecord; the other paths go on.
    /// </summary>
    internal static class CsvFiles
    {
        public static List<string> Resolve(PSCmdlet cmdlet, string[] paths, bool literal, List<ErrorRecord> errors)
        {
            var files = new List<string>();
            foreach (string path in paths ?? new string[0])
            {
                if (string.IsNullOrEmpty(path)) continue;
                try
                {
                    if (literal)
                    {
                        string file = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                        if (Check(path, file, provider, errors)) files.Add(file);
                        continue;
                    }
                    var resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo wildProvider);
                    if (resolved.Count == 0)
                        errors.Add(NotFound(path, $"The path '{path}' matches no file."));
                    foreach (string file in resolved)
                        if (Check(path, file, wildProvider, errors)) files.Add(file);
                }
                catch (ItemNotFoundException) { errors.Add(NotFound(path, $"Cannot find path '{path}' because it does not exist.")); }
                catch (System.Management.Automation.DriveNotFoundException ex) { errors.Add(NotFound(path, ex.Message)); }
                catch (ProviderNotFoundException ex) { errors.Add(NotFound(path, ex.Message)); }
            }
            return files;
        }

        private static bool Check(string path, string file, ProviderInfo provider, List<ErrorRecord> errors)
        {
            if (provider == null || provider.Name != "FileSystem")
            {
                errors.Add(new ErrorRecord(new PSArgumentException($"'{path}' is not a file-system path; give the path of a CSV file."),
                    "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
                return false;
            }
            if (Directory.Exists(file))
            {
                errors.Add(new ErrorRecord(new IOException($"'{file}' is a folder; give the path of a CSV file (or a wildcard such as {Path.Combine(file, "*.csv")})."),
                    "PathIsFolder", ErrorCategory.InvalidArgument, path));
                return false;
            }
            if (!File.Exists(file))
            {
                errors.Add(NotFound(path, $"Cannot find path '{file}' because it does not exist."));
                return false;
            }
            return true;
        }

        private static ErrorRecord NotFound(string path, string message) =>
            new ErrorRecord(new ItemNotFoundException(message), "PathNotFound", ErrorCategory.ObjectNotFound, path);
    }
}
