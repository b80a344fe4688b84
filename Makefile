# Two commands do all the set-up: `make analysis` and `make test`.
# Each creates (or refreshes) the local virtual environment .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: analysis test lab benchmark benchmark-large clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

analysis: $(STAMP)
	$(BIN)/frresearch run

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# `make lab LAB_ARGS="--no-browser --port=8890 --IdentityProvider.token=abc --ServerApp.ip=127.0.0.1"`
# passes options on to JupyterLab; as root (common in containers) --allow-root is added.
LAB_ARGS ?=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Saving in the Lab strips outputs (frresearch.output.lab); the git filter (.gitattributes) strips
# notebooks saved by any other editor, so the committed notebooks stay clean.
NBSTRIPOUT := .venv/bin/python -m nbstripout --keep-id
LANGUAGE_INFO_KEYS := $(foreach k,codemirror_mode file_extension mimetype nbconvert_exporter pygments_lexer version,\
	metadata.language_info.$(k))

lab: $(STAMP)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git config filter.nbstripout.clean '$(NBSTRIPOUT)' && \
		git config filter.nbstripout.smudge cat && \
		git config filter.nbstripout.extrakeys '$(strip $(LANGUAGE_INFO_KEYS))'; \
	fi
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter $(BIN)/jupyter lab notebooks/ $(ALLOW_ROOT) \
		--ContentsManager.pre_save_hook=frresearch.output.lab.strip_outputs $(LAB_ARGS)

benchmark: $(STAMP)
	$(BIN)/python benchmarks/pipeline.py

benchmark-large: $(STAMP)
	$(BIN)/python benchmarks/large.py

clean:
	rm -rf $(VENV) reports .frresearch-cache
