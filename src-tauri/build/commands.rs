//! Reads the window's commands (every `#[tauri::command]` in `src/commands/*.rs`) and writes,
//! from that one declaration of each, the handler list the app registers
//! (`$OUT_DIR/all_commands.rs`) and the TypeScript the front end calls them with
//! (`$OUT_DIR/commands.ts`; `src/bindings.rs` checks that `ui/src/lib/ipc/commands.ts` is
//! the same), and the arguments each takes from the window (`$OUT_DIR/command_arguments.rs`,
//! the app's `COMMAND_ARGUMENTS`, which `tests/roles.rs` walks). Adding a command is writing
//! its function: nothing else lists it by hand.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use syn::{Attribute, FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// One command as the front end sees it.
pub struct Command {
    pub name: String,
    pub doc: Vec<String>,
    /// (camelCase name, TypeScript type)
    pub args: Vec<(String, String)>,
    pub returns: String,
}

/// Arguments Tauri fills in itself: the front end never passes them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

pub fn generate(src: &Path, out: &Path) {
    let commands = read_all(src);
    fs::write(out.join("all_commands.rs"), handler_list(&commands)).expect("write all_commands.rs");
    fs::write(out.join("commands.ts"), typescript(&commands)).expect("write commands.ts");
    fs::write(out.join("command_arguments.rs"), argument_list(&commands))
        .expect("write command_arguments.rs");
}

fn command_files(src: &Path) -> Vec<PathBuf> {
    let folder = src.join("commands");
    let mut files: Vec<PathBuf> = fs::read_dir(&folder)
        .expect("src/commands")
        .map(|e| e.expect("a file in src/commands").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    // mod.rs first (the app's status), then the domains alphabetically: a stable order.
    files.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "mod.rs"), p.clone()));
    files
}

pub fn read_all(src: &Path) -> Vec<Command> {
    let mut commands = Vec::new();
    for file in command_files(src) {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = fs::read_to_string(&file).expect("read a command file");
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        for item in parsed.items {
            if let Item::Fn(function) = item
                && is_command(&function.attrs)
            {
                commands.push(command_of(&function));
            }
        }
    }
    println!("cargo:rerun-if-changed={}", src.join("commands").display());
    commands
}

fn is_command(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let segments: Vec<String> = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        segments == ["tauri", "command"]
    })
}

fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn command_of(function: &syn::ItemFn) -> Command {
    let name = function.sig.ident.to_string();
    let mut args = Vec::new();
    for input in &function.sig.inputs {
        let FnArg::Typed(typed) = input else {
            panic!("command {name} takes self");
        };
        if INJECTED.contains(&last_ident(&typed.ty).as_str()) {
            continue;
        }
        let Pat::Ident(ident) = &*typed.pat else {
            panic!("command {name}: an argument is not a plain name");
        };
        args.push((camel(&ident.ident.to_string()), ts_type(&typed.ty)));
    }
    let returns = match &function.sig.output {
        ReturnType::Default => "null".to_owned(),
        ReturnType::Type(_, ty) => ok_type(ty)
            .map(ts_type)
            .unwrap_or_else(|| panic!("command {name} must return Reply<T>")),
    };
    Command {
        name,
        doc: doc_lines(&function.attrs),
        args,
        returns,
    }
}

/// `T` of `Reply<T>` or `Result<T, ErrorReport>`.
fn ok_type(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Reply" && last.ident != "Result" {
        return None;
    }
    first_generic(&last.arguments)
}

fn first_generic(arguments: &PathArguments) -> Option<&Type> {
    let PathArguments::AngleBracketed(generics) = arguments else {
        return None;
    };
    generics.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

fn last_ident(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        Type::Reference(r) => last_ident(&r.elem),
        _ => String::new(),
    }
}

/// The TypeScript for a Rust type, as ts-rs names it in bindings.ts.
pub fn ts_type(ty: &Type) -> String {
    match ty {
        Type::Tuple(t) if t.elems.is_empty() => "null".to_owned(),
        Type::Reference(r) => ts_type(&r.elem),
        Type::Path(path) => {
            let last = path.path.segments.last().expect("a type name");
            let ident = last.ident.to_string();
            match ident.as_str() {
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
                | "f32" | "f64" => "number".to_owned(),
                "String" | "str" | "PathBuf" => "string".to_owned(),
                "bool" => "boolean".to_owned(),
                "Option" => {
                    let inner = first_generic(&last.arguments).expect("Option<T>");
                    format!("{} | null", ts_type(inner))
                }
                "Vec" => {
                    let inner = ts_type(first_generic(&last.arguments).expect("Vec<T>"));
                    if inner.contains(' ') {
                        format!("({inner})[]")
                    } else {
                        format!("{inner}[]")
                    }
                }
                _ => ident,
            }
        }
        other => panic!("a command uses a type the generator does not know: {other:?}"),
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn handler_list(commands: &[Command]) -> String {
    let mut out = String::from(
        "// Generated by src-tauri/build/commands.rs from every #[tauri::command] in src/commands.\n\
         /// Calls `$then!` with the name of every command the window may call.\n\
         macro_rules! all_commands {\n    ($then:ident) => {\n        $then!(\n",
    );
    let names: Vec<String> = commands
        .iter()
        .map(|c| format!("            {}", c.name))
        .collect();
    out.push_str(&names.join(",\n"));
    out.push_str("\n        )\n    };\n}\n");
    out
}

/// Each command's name with the names of the arguments the window sends it (camelCase, as
/// Tauri reads them; none for those Tauri fills in itself), as a Rust slice expression.
fn argument_list(commands: &[Command]) -> String {
    let mut out = String::from(
        "// Generated by src-tauri/build/commands.rs from every #[tauri::command] in src/commands.\n&[\n",
    );
    for c in commands {
        let names: Vec<String> = c.args.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        let _ = writeln!(out, "    (\"{}\", &[{}]),", c.name, names.join(", "));
    }
    out.push_str("]\n");
    out
}

const PRIMITIVES: &[&str] = &["number", "string", "boolean", "null"];

fn type_names(ts: &str) -> impl Iterator<Item = &str> {
    ts.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty() && !PRIMITIVES.contains(w))
}

fn typescript(commands: &[Command]) -> String {
    let mut imports: Vec<&str> = commands
        .iter()
        .flat_map(|c| {
            c.args
                .iter()
                .flat_map(|(_, t)| type_names(t))
                .chain(type_names(&c.returns))
        })
        .collect();
    imports.sort_unstable();
    imports.dedup();

    let mut out = String::from(
        "// Generated from src-tauri/src/commands/*.rs by src-tauri/build/commands.rs: one method per\n\
         // #[tauri::command], with its arguments and result as the Rust function declares them.\n\
         // Do not edit by hand: run `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings`.\n\n",
    );
    out.push_str("import type {\n");
    for name in &imports {
        let _ = writeln!(out, "  {name},");
    }
    out.push_str("} from \"./bindings\";\n\n");

    out.push_str("/** Every command the window may call. */\nexport const COMMANDS = [\n");
    for c in commands {
        let _ = writeln!(out, "  \"{}\",", c.name);
    }
    out.push_str("] as const;\n\n");

    out.push_str("/** What the screens can ask of the app: one method per command. */\nexport interface Commands {\n");
    for c in commands {
        if !c.doc.is_empty() {
            let _ = writeln!(out, "  /** {} */", c.doc.join(" ").replace("*/", "* /"));
        }
        let params: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        let _ = writeln!(
            out,
            "  {}({}): Promise<{}>;",
            camel(&c.name),
            params.join(", "),
            c.returns
        );
    }
    out.push_str("}\n\n");

    out.push_str(
        "export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n\
         /** Each command over an invoke function (tauri.ts passes Tauri's). Argument keys are\n \
         * camelCase: Tauri maps them to the Rust commands' snake_case parameters. */\n\
         export function commandsOver(invoke: Invoke): Commands {\n  return {\n",
    );
    for c in commands {
        let names: Vec<&str> = c.args.iter().map(|(n, _)| n.as_str()).collect();
        let call = if names.is_empty() {
            format!("invoke(\"{}\")", c.name)
        } else {
            format!("invoke(\"{}\", {{ {} }})", c.name, names.join(", "))
        };
        let _ = writeln!(
            out,
            "    {}: ({}) => {call},",
            camel(&c.name),
            names.join(", ")
        );
    }
    out.push_str("  };\n}\n");
    out
}
