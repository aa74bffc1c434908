//! The command line never destroys a clerk's files: `init` on a workbook already in the
//! case folder, `--dump-view` aimed at an input, a folder of cases reached twice.

use std::process::Command;

mod common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
}

/// `init` on a workbook that already sits in the case folder uses it where it is (a copy
/// onto itself would empty it); a different workbook is never copied over one there.
#[test]
fn init_never_empties_or_replaces_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    std::fs::create_dir(&case).unwrap();
    let book = case.join("公开表.xlsx");
    std::fs::copy(common::SAMPLE_CASE.to_string() + "/公开表.xlsx", &book).unwrap();
    let size = std::fs::metadata(&book).unwrap().len();
    let o = bin().arg("init").arg(&book).arg(&case).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(std::fs::metadata(&book).unwrap().len(), size);
    assert!(case.join("部门信息.toml").is_file());

    // Another folder holding another 公开表.xlsx: refused, nothing written.
    let other = dir.path().join("d");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("公开表.xlsx"), b"old").unwrap();
    let o = bin().arg("init").arg(&book).arg(&other).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("公开表.xlsx 已存在，为免覆盖，未做任何改动"),
        "{err}"
    );
    assert_eq!(std::fs::read(other.join("公开表.xlsx")).unwrap(), b"old");
    assert!(!other.join("部门信息.toml").exists());
}

/// `--dump-view` writes a `.json` file only: aimed at the workbook or the profile, it is
/// refused before anything is written.
#[test]
fn dump_view_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let case = common::sample_case_copy(dir.path());
    let profile = case.join("部门信息.toml");
    let before = std::fs::read(&profile).unwrap();
    let o = bin()
        .arg("generate")
        .arg(&case)
        .arg("--dump-view")
        .arg(&profile)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--dump-view 的文件名应以 .json 结尾"), "{err}");
    assert_eq!(std::fs::read(&profile).unwrap(), before);
}

/// A case reached twice in a folder of cases (through a link, or a link back up the
/// tree) is checked once.
#[cfg(unix)]
#[test]
fn a_case_reached_through_links_is_done_once() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all");
    std::fs::create_dir(&all).unwrap();
    common::sample_case_copy(&all);
    std::os::unix::fs::symlink(all.join("case"), all.join("link")).unwrap();
    std::os::unix::fs::symlink(&all, all.join("loop")).unwrap();
    let o = bin().arg("check").arg(&all).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    // One case: its report alone, no summary of several.
    assert_eq!(out.matches("[P-科目合计]").count(), 1, "{out}");
    assert!(!out.contains("个案例"), "{out}");
}

/// Slips a clerk makes on the command line are named with what to type instead, and
/// nothing is written: `init` with its two arguments swapped, templates exported into a
/// case folder (where they would not be read), a Windows path on a system where `\` is
/// no separator, `-o` with nothing after it.
#[test]
fn command_line_slips_are_explained_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let case = common::sample_case_copy(dir.path());
    let book = case.join("公开表.xlsx");
    let run = |args: &[&std::ffi::OsStr]| {
        let o = bin().args(args).current_dir(dir.path()).output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let new_case = dir.path().join("新案例");
    let (code, err) = run(&["init".as_ref(), new_case.as_os_str(), book.as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("参数顺序应为 juesuan init 公开表.xlsx 案例文件夹"),
        "{err}"
    );
    assert!(!new_case.exists());

    let (code, err) = run(&["template".as_ref(), "export".as_ref(), case.as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("这是一个案例文件夹"), "{err}");
    assert!(err.contains("templates"), "{err}");
    assert!(!case.join("main.typ").exists());

    let (code, err) = run(&["generate".as_ref(), case.as_os_str(), "-o".as_ref()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.starts_with("错误：选项后缺少值：--output"), "{err}");
    // Workers are bounded: each takes some 100 MB.
    let (code, err) = run(&[
        "generate".as_ref(),
        case.as_os_str(),
        "-j".as_ref(),
        "0".as_ref(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("错误：选项的值不对：--jobs <个数>（给出的是“0”），应为 1 到 8 的整数。"),
        "{err}"
    );

    if !cfg!(windows) {
        let (code, err) = run(&[
            "generate".as_ref(),
            case.as_os_str(),
            "-o".as_ref(),
            r"C:\out\x.pdf".as_ref(),
        ]);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("路径中的 \\ 请改为 /"), "{err}");
        let (code, err) = run(&["check".as_ref(), r".\case".as_ref()]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(r"案例文件夹 .\case 不存在（本系统的路径用 / 分隔"),
            "{err}"
        );
    }
    // `--watch` follows one case: two are refused up front, not the second dropped.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    for f in ["公开表.xlsx", "部门信息.toml"] {
        std::fs::copy(case.join(f), other.join(f)).unwrap();
    }
    let (code, err) = run(&[
        "generate".as_ref(),
        "case".as_ref(),
        "other".as_ref(),
        "--watch".as_ref(),
    ]);
    assert_eq!(
        (code, err.trim()),
        (
            Some(2),
            "错误：--watch 一次只监视一个案例，这里给出了 2 个（“case”、“other”）：请只写其中一个案例文件夹"
        )
    );
    std::fs::remove_dir_all(&other).unwrap();
    // A case folder given as the district folder.
    let (code, err) = run(&[
        "generate".as_ref(),
        "case".as_ref(),
        "--district".as_ref(),
        "case".as_ref(),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("错误：区县文件夹 case 是一个案例文件夹（其中有 部门信息.toml）"),
        "{err}"
    );
    // A folder holding only the workbook: the profile is missing, and the command that
    // makes it is given (the workbook is not "outside a case folder": it is the case).
    std::fs::create_dir(&other).unwrap();
    std::fs::copy(&book, other.join("公开表.xlsx")).unwrap();
    let (code, err) = run(&["check".as_ref(), "other".as_ref()]);
    assert_eq!(
        (code, err.trim()),
        (
            Some(2),
            "错误：案例文件夹 other 中找不到部门信息.toml（可用 juesuan init other/公开表.xlsx other 生成）"
        )
    );
    std::fs::remove_dir_all(&other).unwrap();
    // The profile saved by Notepad as 部门信息.toml.txt: named, not "use init".
    let profile = case.join("部门信息.toml");
    let saved_as = case.join("部门信息.toml.txt");
    std::fs::rename(&profile, &saved_as).unwrap();
    let (code, err) = run(&["check".as_ref(), case.as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("找不到部门信息.toml（文件夹中的“部门信息.toml.txt”是否就是它？请改名为 部门信息.toml）"),
        "{err}"
    );
    std::fs::rename(&saved_as, &profile).unwrap();

    let written: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written, vec![std::ffi::OsString::from("case")]);
}

/// A read-only export becomes writable in the case by its owner only, never by everyone.
#[cfg(unix)]
#[test]
fn init_makes_a_read_only_workbook_writable_for_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("导出.xlsx");
    std::fs::copy(common::SAMPLE_CASE.to_string() + "/公开表.xlsx", &source).unwrap();
    std::fs::set_permissions(&source, std::fs::Permissions::from_mode(0o444)).unwrap();
    let case = dir.path().join("c");
    let o = bin().arg("init").arg(&source).arg(&case).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let mode = std::fs::metadata(case.join("导出.xlsx"))
        .or_else(|_| std::fs::metadata(case.join("公开表.xlsx")))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "{mode:o}");
}

/// A batch whose output folder is in fact a file is refused once, before any case is
/// rendered, naming the folder.
#[test]
fn a_batch_output_folder_that_is_a_file_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let a = common::sample_case_copy(&dir.path().join("a"));
    let b = common::sample_case_copy(&dir.path().join("b"));
    let out = dir.path().join("输出");
    std::fs::write(&out, b"x").unwrap();
    let o = bin()
        .arg("generate")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("输出文件夹") && err.contains("这是一个已有的文件，不是文件夹"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).is_empty());
    assert_eq!(std::fs::read(&out).unwrap(), b"x");
}

/// Ctrl+C (or a termination signal: `kill`, a closed terminal) in the middle of a batch:
/// the run stops with exit 130, says which PDFs it wrote, and leaves no temporary file
/// and no partial PDF in the output folder.
#[cfg(unix)]
#[test]
fn ctrl_c_in_a_batch_says_what_was_written_and_leaves_no_partial_file() {
    interrupted_batch(libc::SIGINT);
}

#[cfg(unix)]
#[test]
fn sigterm_in_a_batch_leaves_no_partial_file() {
    interrupted_batch(libc::SIGTERM);
}

#[cfg(unix)]
fn interrupted_batch(signal: i32) {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("全区");
    for i in 0..6 {
        let case = common::sample_case_copy(&dir.path().join(format!("t{i}")));
        let profile = case.join("部门信息.toml");
        let text = std::fs::read_to_string(&profile).unwrap().replacen(
            "\"部门名称\" = \"中共长治市屯留区委组织部\"",
            &format!("\"部门名称\" = \"中共长治市屯留区委组织部（{i}）\""),
            1,
        );
        std::fs::write(&profile, text).unwrap();
        std::fs::create_dir_all(&all).unwrap();
        std::fs::rename(&case, all.join(format!("c{i}"))).unwrap();
    }
    let out = dir.path().join("out");
    let child = bin()
        .arg("generate")
        .arg(&all)
        .arg("-o")
        .arg(&out)
        .args(["-j", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pdfs = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&out)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let start = std::time::Instant::now();
    while !pdfs()
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        assert!(start.elapsed().as_secs() < 120, "no PDF written");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: a plain signal to the child process, which is still ours to signal.
    unsafe { libc::kill(child.id() as i32, signal) };
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let files = pdfs();
    if o.status.code() == Some(0) {
        // The batch finished before the signal arrived: nothing to judge.
        assert_eq!(files.len(), 6, "{files:?}");
        return;
    }
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(
        err.contains(
            "已中断（Ctrl+C 或终止信号）：正在生成的文档没有写出，原有的同名 PDF 保持不变；本次已写出"
        ),
        "{err}"
    );
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        assert!(!name.ends_with(".tmp"), "{name} left behind");
        let bytes = std::fs::read(f).unwrap();
        assert!(bytes.starts_with(b"%PDF") && bytes.trim_ascii_end().ends_with(b"%%EOF"));
        assert!(err.contains(&*name), "{name} not said in: {err}");
    }
}
