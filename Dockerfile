# syntax=docker/dockerfile:1
# The platform's images, both from requirements.lock only (never requirements-dev.lock):
#   target cpu (the default): web (daphne), worker-cpu, beat, Flower and the migrate job
#   target gpu: worker-gpu, the same plus the CUDA 12 libraries CTranslate2 (Whisper) loads
# docker-compose.yml picks the target and the command of each service.

# The web client's static build (Vite).
FROM node:22-bookworm-slim AS web-client
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# Python and the locked runtime packages, shared by both images.
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=interview_project.settings.production HF_HUB_OFFLINE=1
# ffmpeg for audio decoding fallbacks; libgl1 and libglib2.0-0 for OpenCV/MediaPipe;
# fonts-dejavu-core for the report PDFs (analysis_app/report_pdf). The
# processes run as an unprivileged user whose only writable places are its home (caches),
# /tmp (MEDIA_TEMP_DIR's default) and beat's schedule folder.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg libgl1 libglib2.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group app \
    && install -d -o app -g app /var/lib/celery-beat
WORKDIR /app
COPY requirements.lock ./
# torch first, as the CPU build from PyTorch's own index at the version requirements.lock pins
# (PyPI's Linux torch wheels are CUDA builds that pull gigabytes of nvidia packages; the
# "+cpu" build satisfies the lock's pin). Nothing here runs torch on a GPU: the sentence
# embedder (text) runs on the CPU workers, Whisper runs on CTranslate2.
RUN pip install --no-cache-dir --no-deps --index-url https://download.pytorch.org/whl/cpu \
        "$(grep -E '^torch==' requirements.lock)" \
    && pip install --no-cache-dir -r requirements.lock \
    && pip check

# The application: code, the web client's build and the collected static files.
FROM runtime AS app
COPY . .
COPY --from=web-client /frontend/dist frontend/dist
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 MEDIA_STORAGE=local \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

# The GPU worker. CTranslate2's Linux wheel (ctranslate2 in requirements.lock, built for
# CUDA 12.4) loads libcublas.so.12 at run time, and faster-whisper's README asks for cuBLAS
# for CUDA 12 and cuDNN 9: both come as NVIDIA's pip packages, found through LD_LIBRARY_PATH
# (faster-whisper's README, "Install with pip (Linux only)"). The driver (libcuda.so.1) comes
# from the host through the NVIDIA Container Toolkit.
FROM runtime AS gpu
RUN pip install --no-cache-dir nvidia-cublas-cu12==12.4.5.8 nvidia-cudnn-cu12==9.1.0.70
ENV LD_LIBRARY_PATH=/usr/local/lib/python3.11/site-packages/nvidia/cublas/lib:/usr/local/lib/python3.11/site-packages/nvidia/cudnn/lib \
    NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    WHISPER_DEVICE=cuda WHISPER_COMPUTE_TYPE=float16
COPY --from=app /app /app
USER app
CMD ["celery", "-A", "interview_project", "worker", "-Q", "speech,video", "--concurrency", "1", \
     "-n", "gpu@%h", "-l", "info"]

# The CPU image (the default target): daphne serves HTTP and WebSocket behind the TLS proxy.
FROM app AS cpu
USER app
EXPOSE 8000
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", \
     "interview_project.asgi:application"]
