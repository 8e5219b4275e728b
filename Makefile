# `sam build` runs build-SkillFunction (template.yaml: BuildMethod makefile) with ARTIFACTS_DIR set.

# The dev venv: compiling content needs PyYAML and jsonschema, which the artifact leaves out.
PYTHON ?= $(CURDIR)/.venv/bin/python
# Wheels for the function's runtime (template.yaml: python3.12, arm64), whatever the build host.
LAMBDA_PIP = $(PYTHON) -m pip install --quiet --no-compile --target $(ARTIFACTS_DIR) \
	--only-binary=:all: --platform manylinux2014_aarch64 --implementation cp --python-version 3.12
ASK_SDK_VERSION = 1.19.0
# The runtime's own Python, to compile bytecode: Lambda's package is read-only, so without it
# every cold start compiles the SDK and the skill from source.
PYC_PYTHON ?= $(shell for p in python3.12 $(PYENV_ROOT)/versions/3.12*/bin/python3.12; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && { echo "$$p"; break; }; done)

build-SkillFunction:
	tar -C $(CURDIR) --exclude=skill/console --exclude=skill/webservice --exclude=__pycache__ \
		--exclude=content/.compiled.json -cf - skill content | tar -C $(ARTIFACTS_DIR) -xf -
	cd $(ARTIFACTS_DIR) && $(PYTHON) -m skill.content content
	# The runtime's botocore imports python-dateutil from the artifact too, and needs it < 3.
	$(LAMBDA_PIP) ask-sdk-core==$(ASK_SDK_VERSION) "python-dateutil<3"
	@if [ -n "$(PYC_PYTHON)" ]; then $(PYC_PYTHON) -m compileall -q -j 0 $(ARTIFACTS_DIR); \
	else echo "no python3.12 on this host: the artifact ships without bytecode"; fi

.PHONY: build-SkillFunction
